### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
# Compare with the loop version of the first assignment: a 'same' convolution, then one with
# stride 2, no padding and a non-square input.
rng = np.random.default_rng(1)
for shape, f, n_C, hp in [((2, 5, 5, 3), 3, 4, {"stride": 1, "pad": 1}),
                          ((3, 7, 6, 2), 3, 5, {"stride": 2, "pad": 0})]:
    A_prev = rng.standard_normal(shape)
    W = rng.standard_normal((f, f, shape[3], n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    case = check.describe(A_prev=A_prev, W=W, b=b, hparameters=hp)
    Z, cache = check.call(conv_forward_fast, A_prev, W, b, hp, fn="conv_forward_fast", case=case,
                          returns=("Z", "cache"))
    Z_loop, _ = conv_forward_loop(A_prev, W, b, hp)
    check.array(Z, Z_loop, fn="conv_forward_fast", case=case, name="Z", atol=1e-10,
                hint="n_H = (n_H_prev + 2 pad - f) // stride + 1; keep every stride-th window; add b once.")
    check.same_cache(cache, (A_prev, W, b, hp), fn="conv_forward_fast", case=case,
                     names=("A_prev", "W", "b", "hparameters"))
    print(f"{case}: Z {Z.shape}, max |Z - Z_loop| = {np.abs(Z - Z_loop).max():.1e}")
### BEGIN HIDDEN TESTS
# More cases, compared with a convolution computed here (einsum over the windows).
# reference: _conv_reference
rng = np.random.default_rng(606)
for shape, f, n_C, stride, pad, dtype, hint in [
    ((2, 6, 7, 3), 3, 4, 2, 0, np.float64, "pad 0 and stride 2: n_H rounds down (//)."),
    ((1, 5, 3, 2), 1, 3, 1, 1, np.float64, "f = 1 and a non-square input."),
    ((3, 7, 5, 1), 2, 2, 3, 2, np.float64, "stride 3 > f = 2: the windows skip columns."),
    ((2, 6, 5, 2), 3, 2, 3, 1, np.float64, "n_H_prev + 2 pad - f is not a multiple of the stride."),
    ((1, 4, 6, 3), 4, 2, 1, 0, np.float64, "an even f = 4."),
    ((4, 8, 8, 1), 3, 8, 1, 1, np.float32, "float32 inputs: compute in float32 or float64, both are fine."),
    ((2, 4, 4, 8), 3, 6, 1, 1, np.float64, "the model's second layer."),
]:
    A_prev = rng.standard_normal(shape).astype(dtype)
    W = rng.standard_normal((f, f, shape[3], n_C)).astype(dtype)
    b = rng.standard_normal((1, 1, 1, n_C)).astype(dtype)
    hp = {"stride": stride, "pad": pad}
    copies = (A_prev.copy(), W.copy(), b.copy())
    case = check.describe(A_prev=A_prev, W=W, b=b, hparameters=hp)
    Z, cache = check.call(conv_forward_fast, A_prev, W, b, hp, fn="conv_forward_fast", case=case,
                          returns=("Z", "cache"), hint=hint)
    tolerance = dict(rtol=1e-4, atol=1e-5, float32_ok=True) if dtype == np.float32 else dict(atol=1e-10)
    check.array(Z, _conv_reference(A_prev, W, b, stride, pad), fn="conv_forward_fast", case=case, name="Z",
                hint=hint, **tolerance)
    for before, after, name in zip(copies, (A_prev, W, b), ("A_prev", "W", "b")):
        check.unchanged(before, after, fn="conv_forward_fast", case=case, name=name)
    check.same_cache(cache, (A_prev, W, b, hp), fn="conv_forward_fast", case=case,
                     names=("A_prev", "W", "b", "hparameters"))
### END HIDDEN TESTS

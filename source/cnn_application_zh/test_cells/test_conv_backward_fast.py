### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
# Compare with the loop version of the first assignment (the cache comes from the loop forward
# pass, so this test does not depend on your conv_forward_fast).
rng = np.random.default_rng(2)
for shape, f, n_C, hp in [((2, 5, 5, 3), 3, 4, {"stride": 1, "pad": 1}),
                          ((3, 7, 6, 2), 3, 5, {"stride": 2, "pad": 0})]:
    A_prev = rng.standard_normal(shape)
    W = rng.standard_normal((f, f, shape[3], n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    Z_loop, cache = conv_forward_loop(A_prev, W, b, hp)
    dZ = rng.standard_normal(Z_loop.shape)
    case = check.describe(dZ=dZ, A_prev=A_prev, W=W, hparameters=hp)
    grads = check.call(conv_backward_fast, dZ, cache, fn="conv_backward_fast", case=case,
                       returns=("dA_prev", "dW", "db"))
    for got, want, name in zip(grads, conv_backward_loop(dZ, cache), ("dA_prev", "dW", "db")):
        check.array(got, want, fn="conv_backward_fast", case=case, name=name, atol=1e-10,
                    hint="overlapping windows add up (+=); unpad with [pad:pad + n_H_prev], which works for pad 0.")
    print(f"{case}: dA_prev {grads[0].shape}, dW {grads[1].shape}, db {grads[2].shape}: match the loops")
### BEGIN HIDDEN TESTS
# More cases, compared with gradients computed here.
# reference: _conv_backward_reference
rng = np.random.default_rng(707)
for shape, f, n_C, stride, pad, dtype, hint in [
    ((2, 6, 7, 3), 3, 4, 2, 0, np.float64, "pad 0: unpad with [pad:pad + n_H_prev] (pad:-pad is empty for pad 0)."),
    ((1, 5, 3, 2), 1, 3, 1, 1, np.float64, "f = 1 and a non-square input."),
    ((3, 7, 5, 1), 2, 2, 3, 2, np.float64, "stride 3 > f: some input positions get no gradient."),
    ((2, 9, 8, 4), 3, 3, 2, 1, np.float64, "stride 2 < f = 3: windows overlap and their gradients add up."),
    ((2, 6, 5, 2), 3, 2, 3, 1, np.float64, "n_H_prev + 2 pad - f is not a multiple of the stride."),
    ((4, 8, 8, 1), 3, 8, 1, 1, np.float32, "float32 inputs: compute in float32 or float64, both are fine."),
]:
    A_prev = rng.standard_normal(shape).astype(dtype)
    W = rng.standard_normal((f, f, shape[3], n_C)).astype(dtype)
    b = rng.standard_normal((1, 1, 1, n_C)).astype(dtype)
    hp = {"stride": stride, "pad": pad}
    n_H, n_W = (shape[1] + 2 * pad - f) // stride + 1, (shape[2] + 2 * pad - f) // stride + 1
    dZ = rng.standard_normal((shape[0], n_H, n_W, n_C)).astype(dtype)
    copies = (dZ.copy(), A_prev.copy(), W.copy())
    case = check.describe(dZ=dZ, A_prev=A_prev, W=W, hparameters=hp)
    cache = (A_prev, W, b, hp)
    A_prev, W, b = None, np.full((1, 1, 1, 1), np.nan), None   # only the cache holds them
    grads = check.call(conv_backward_fast, dZ, cache, fn="conv_backward_fast", case=case,
                       returns=("dA_prev", "dW", "db"), hint=hint + " (A_prev, W, b, hparameters = cache)")
    A_prev, W, b, hp = cache
    tolerance = dict(rtol=1e-4, atol=1e-5, float32_ok=True) if dtype == np.float32 else dict(atol=1e-10)
    for got, want, name in zip(grads, _conv_backward_reference(dZ, A_prev, W, stride, pad), ("dA_prev", "dW", "db")):
        check.array(got, want, fn="conv_backward_fast", case=case, name=name, hint=hint, **tolerance)
    for before, after, name in zip(copies, (dZ, A_prev, W), ("dZ", "A_prev", "W")):
        check.unchanged(before, after, fn="conv_backward_fast", case=case, name=name)
### END HIDDEN TESTS

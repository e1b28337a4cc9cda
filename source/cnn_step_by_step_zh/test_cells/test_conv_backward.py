### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
# conv_backward is graded on its own: while this cell runs the notebook uses a correct zero_pad.
# reference: _zero_pad
check.substitute(zero_pad=_zero_pad)
### END HIDDEN TESTS
# conv_backward calls zero_pad: it must be right first.
check.prerequisite("conv_backward", "zero_pad", zero_pad, (np.ones((1, 1, 1, 1)), 1),
                   np.array([[[[0.0], [0.0], [0.0]], [[0.0], [1.0], [0.0]], [[0.0], [0.0], [0.0]]]]))
# Test conv_backward on the example of the text: dZ is the Z of the conv_forward example.
# That Z is read from data/conv_forward_Z.npy, so this test does not depend on your conv_forward.
np.random.seed(1)
A_prev = np.random.randn(10, 4, 4, 3)
W = np.random.randn(2, 2, 3, 8)
b = np.random.randn(1, 1, 1, 8)
hparameters = {"pad": 2, "stride": 2}
cache_conv = (A_prev, W, b, hparameters)
Z = np.load("data/conv_forward_Z.npy")
case = check.describe(dZ=Z, A_prev=A_prev, W=W, b=b, hparameters=hparameters)
dA, dW, db = check.call(conv_backward, Z, cache_conv, fn="conv_backward", case=case, returns=("dA_prev", "dW", "db"))
for name, got, shape, mean in [("dA_prev", dA, A_prev.shape, 1.4524377775388075),
                               ("dW", dW, W.shape, 1.7269914583139097),
                               ("db", db, b.shape, 7.839232564616838)]:
    if not isinstance(got, np.ndarray) or got.shape != shape:
        check.array(got, np.zeros(shape), fn="conv_backward", case=case, name=name,
                    hint=f"{name} has the shape of {name[1:] if name != 'dA_prev' else 'A_prev'}.")
    check.number(np.mean(got), mean, fn="conv_backward", case=case, name=f"np.mean({name})", rtol=1e-9,
                 hint="use the same window corners as conv_forward and accumulate with +=.")
print("dA_mean =", np.mean(dA))
print("dW_mean =", np.mean(dW))
print("db_mean =", np.mean(db))

# A second case that the example above cannot check: no padding (pad = 0) and overlapping
# windows (f = 2, stride 1) on a 3 x 4 input, with dZ = 1 everywhere.
A_small = np.arange(12.0).reshape(1, 3, 4, 1)
W_small = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(2, 2, 1, 1)
b_small = np.zeros((1, 1, 1, 1))
dZ_small = np.ones((1, 2, 3, 1))
hp_small = {"pad": 0, "stride": 1}
case = check.describe(dZ=dZ_small, A_prev=A_small, W=W_small, hparameters=hp_small)
hint = ("with pad = 0, X[pad:-pad] is empty: unpad with X[pad:pad + n_H_prev, pad:pad + n_W_prev]; "
        "windows overlap, so accumulate with +=.")
dA_small, dW_small, db_small = check.call(conv_backward, dZ_small, (A_small, W_small, b_small, hp_small),
                                          fn="conv_backward", case=case, returns=("dA_prev", "dW", "db"), hint=hint)
check.array(dA_small, np.array([[1, 3, 3, 2], [4, 10, 10, 6], [3, 7, 7, 4]], float).reshape(1, 3, 4, 1),
            fn="conv_backward", case=case, name="dA_prev", hint=hint)
check.array(dW_small, np.array([[18, 24], [42, 48]], float).reshape(2, 2, 1, 1),
            fn="conv_backward", case=case, name="dW", hint="dW[:, :, :, c] += a_slice * dZ[i, h, w, c] over every window.")
check.array(db_small, np.full((1, 1, 1, 1), 6.0), fn="conv_backward", case=case, name="db",
            hint="db[:, :, :, c] is the sum of dZ[:, :, :, c].")
print("3 x 4 input, f = 2, stride 1, pad 0, dZ = 1: dA_prev[0, :, :, 0] =")
print(dA_small[0, :, :, 0])

### BEGIN HIDDEN TESTS
# More cases, compared with a vectorized backward pass computed here.
# reference: _conv_backward_reference
rng = np.random.default_rng(505)
for shape, f, n_C, stride, pad, dtype, hint in [
    ((2, 6, 7, 3), 3, 4, 2, 0, np.float64,
     "pad 0: X[pad:-pad] is empty when pad == 0; unpad with X[pad:pad + n_H_prev, pad:pad + n_W_prev]."),
    ((1, 5, 3, 2), 1, 3, 1, 1, np.float64, "f = 1 and a non-square input: rows are h, columns are w."),
    ((3, 7, 5, 1), 2, 2, 3, 2, np.float64, "stride 3: window corners are h * stride ... h * stride + f."),
    ((2, 5, 6, 3), 3, 2, 1, 1, np.float64, "overlapping windows (stride < f): accumulate with +=, do not assign."),
    ((2, 4, 6, 3), 3, 5, 2, 1, np.float32, "float32 inputs must work too."),
]:
    A_prev = rng.standard_normal(shape).astype(dtype)
    W = rng.standard_normal((f, f, shape[3], n_C)).astype(dtype)
    b = rng.standard_normal((1, 1, 1, n_C)).astype(dtype)
    hparameters = {"stride": stride, "pad": pad}
    n_H = (shape[1] + 2 * pad - f) // stride + 1
    n_W = (shape[2] + 2 * pad - f) // stride + 1
    dZ = rng.standard_normal((shape[0], n_H, n_W, n_C)).astype(dtype)
    before = [A_prev.copy(), W.copy(), b.copy(), dZ.copy()]
    expected = _conv_backward_reference(dZ.astype(np.float64), A_prev, W, stride, pad)
    case = check.describe(dZ=dZ, A_prev=A_prev, W=W, b=b, hparameters=hparameters)
    got = check.call(conv_backward, dZ, (A_prev, W, b, hparameters), fn="conv_backward", case=case,
                     returns=("dA_prev", "dW", "db"), hint=hint)
    loose = dtype == np.float32
    for name, g, e in zip(["dA_prev", "dW", "db"], got, expected):
        check.array(g, e, fn="conv_backward", case=case, name=name, hint=hint, float32_ok=loose,
                    rtol=1e-4 if loose else 1e-7, atol=1e-5 if loose else 1e-9)
    for name, old, new in zip(["A_prev", "W", "b", "dZ"], before, [A_prev, W, b, dZ]):
        check.unchanged(old, new, fn="conv_backward", case=case, name=name)
check.end_substitutes()                  # the notebook's own functions again
### END HIDDEN TESTS
print("conv_backward: all tests passed.")

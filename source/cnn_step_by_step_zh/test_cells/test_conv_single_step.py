### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
# Test conv_single_step on the example of the text.
np.random.seed(1)
a_slice_prev = np.random.randn(4, 4, 3)
W = np.random.randn(4, 4, 3)
b = np.random.randn(1, 1, 1)
case = check.describe(a_slice_prev=a_slice_prev, W=W, b=b)
Z = check.call(conv_single_step, a_slice_prev, W, b, fn="conv_single_step", case=case)
check.number(Z, -6.999089450680221, fn="conv_single_step", case=case, name="Z",
             hint="Z = np.sum(a_slice_prev * W) + b.item(): the bias is added once, after the sum.")
print("Z =", Z)

### BEGIN HIDDEN TESTS
# More cases: f = 1, one channel, many channels, bias 0 and large bias, float32.
rng = np.random.default_rng(202)
for f, n_C_prev, bias, dtype in [(1, 1, 0.7, np.float64), (3, 5, -2.5, np.float64), (2, 1, 0.0, np.float64),
                                 (5, 2, 4.0, np.float64), (3, 3, 1.5, np.float32)]:
    a_slice_prev = rng.standard_normal((f, f, n_C_prev)).astype(dtype)
    W = rng.standard_normal((f, f, n_C_prev)).astype(dtype)
    b = np.full((1, 1, 1), bias, dtype=dtype)
    before = [a_slice_prev.copy(), W.copy(), b.copy()]
    expected = float(np.einsum("hwc,hwc->", a_slice_prev.astype(np.float64), W.astype(np.float64))) + bias
    case = check.describe(a_slice_prev=a_slice_prev, W=W, b=b) + f" (b = {bias})"
    got = check.call(conv_single_step, a_slice_prev, W, b, fn="conv_single_step", case=case)
    check.number(got, expected, fn="conv_single_step", case=case, name="Z",
                 rtol=1e-5 if dtype == np.float32 else 1e-7, atol=1e-5 if dtype == np.float32 else 1e-9,
                 hint="sum every product of the window and the filter, then add b once (not inside the sum).")
    for name, old, new in zip(["a_slice_prev", "W", "b"], before, [a_slice_prev, W, b]):
        check.unchanged(old, new, fn="conv_single_step", case=case, name=name)
### END HIDDEN TESTS
print("conv_single_step: all tests passed.")

### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
# Test zero_pad on the example of the text.
np.random.seed(1)
x = np.random.randn(4, 3, 3, 2)
case = check.describe(X=x, pad=2)
x_pad = check.call(zero_pad, x, 2, fn="zero_pad", case=case)
if not isinstance(x_pad, np.ndarray) or x_pad.shape != (4, 7, 7, 2):
    check.array(x_pad, np.zeros((4, 7, 7, 2)), fn="zero_pad", case=case, name="x_pad",
                hint="pad only the height and width axes: ((0, 0), (pad, pad), (pad, pad), (0, 0)).")
check.array(x_pad[1, 1], np.zeros((7, 2)), fn="zero_pad", case=case, name="x_pad[1, 1]",
            hint="rows 0 and 1 of every padded image are padding: they must be 0.")
check.array(x_pad[:, 2:5, 2:5, :], x, fn="zero_pad", case=case, name="x_pad[:, 2:5, 2:5, :]",
            hint="the original image must sit in the middle, unchanged.")
print("x.shape =", x.shape)
print("x_pad.shape =", x_pad.shape)
print("x[1,1] =", x[1, 1])
print("x_pad[1,1] =", x_pad[1, 1])

### BEGIN HIDDEN TESTS
# More cases: pad 0, pad larger than the image, one channel, non-square images, float32.
rng = np.random.default_rng(101)
for shape, pad, dtype in [((2, 3, 5, 1), 1, np.float64), ((1, 4, 2, 3), 0, np.float64),
                          ((3, 2, 3, 2), 3, np.float64), ((2, 5, 4, 3), 2, np.float32)]:
    X = rng.standard_normal(shape).astype(dtype)
    X_before = X.copy()
    m, n_H, n_W, n_C = shape
    expected = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C))
    expected[:, pad:pad + n_H, pad:pad + n_W, :] = X
    case = check.describe(X=X, pad=pad)
    got = check.call(zero_pad, X, pad, fn="zero_pad", case=case)
    check.array(got, expected, fn="zero_pad", case=case, name="X_pad", float32_ok=dtype == np.float32,
                hint="pad only axes 1 and 2 (height, width) by `pad` on both sides, with zeros.")
    check.unchanged(X_before, X, fn="zero_pad", case=case, name="X")
### END HIDDEN TESTS
print("zero_pad: all tests passed.")

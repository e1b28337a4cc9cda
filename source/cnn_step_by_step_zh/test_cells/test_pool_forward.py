### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
# Test pool_forward on the example of the text, in both modes.
np.random.seed(1)
A_prev = np.random.randn(2, 4, 4, 3)
hparameters = {"stride": 2, "f": 3}
expected = {
    "max": [[[[1.74481176, 0.86540763, 1.13376944]]], [[[1.13162939, 1.51981682, 2.18557541]]]],
    "average": [[[[0.02105773, -0.20328806, -0.40389855]]], [[[-0.22154621, 0.51716526, 0.48155844]]]],
}
for mode in ["max", "average"]:
    case = check.describe(A_prev=A_prev, hparameters=hparameters, mode=mode)
    A, cache = check.call(pool_forward, A_prev, hparameters, mode=mode, fn="pool_forward", case=case,
                          returns=("A", "cache"))
    check.array(A, expected[mode], fn="pool_forward", case=case, name="A", atol=1e-8,
                hint="n_H = (n_H_prev - f) // stride + 1; take np.max or np.mean of one channel of each f x f window.")
    check.same_cache(cache, (A_prev, hparameters), fn="pool_forward", case=case, names=("A_prev", "hparameters"))
    print("mode =", mode)
    print("A =", A)
    print()

### BEGIN HIDDEN TESTS
# More cases, compared with a vectorized pooling computed here.
from numpy.lib.stride_tricks import sliding_window_view
def _pool_reference(A_prev, f, stride, mode):
    windows = sliding_window_view(A_prev.astype(np.float64), (f, f), axis=(1, 2))[:, ::stride, ::stride]
    return windows.max(axis=(-2, -1)) if mode == "max" else windows.mean(axis=(-2, -1))
rng = np.random.default_rng(404)
for shape, f, stride, dtype in [((2, 5, 7, 3), 3, 2, np.float64), ((1, 6, 6, 2), 2, 2, np.float64),
                                ((2, 5, 4, 1), 1, 1, np.float64), ((1, 7, 8, 2), 2, 3, np.float64),
                                ((2, 6, 5, 3), 3, 1, np.float32)]:
    for mode in ["max", "average"]:   # what the exercise asks for (the given "avg" line is a convenience)
        A_prev = rng.standard_normal(shape).astype(dtype)
        before = A_prev.copy()
        hparameters = {"f": f, "stride": stride}
        expected = _pool_reference(A_prev, f, stride, "max" if mode == "max" else "average")
        case = check.describe(A_prev=A_prev, hparameters=hparameters, mode=mode)
        hint = ("window corners: start = h * stride, end = start + f; n_H = (n_H_prev - f) // stride + 1; "
                "pool each channel on its own.")
        A, cache = check.call(pool_forward, A_prev, hparameters, mode=mode, fn="pool_forward", case=case,
                              returns=("A", "cache"), hint=hint)
        check.array(A, expected, fn="pool_forward", case=case, name="A", float32_ok=dtype == np.float32,
                    rtol=1e-5 if dtype == np.float32 else 1e-7, atol=1e-6 if dtype == np.float32 else 1e-9,
                    hint=hint)
        check.same_cache(cache, (A_prev, hparameters), fn="pool_forward", case=case, names=("A_prev", "hparameters"))
        check.unchanged(before, A_prev, fn="pool_forward", case=case, name="A_prev")
### END HIDDEN TESTS
print("pool_forward: all tests passed.")

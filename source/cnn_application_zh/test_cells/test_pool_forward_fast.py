### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
# Compare with the loop version: 2x2 windows with stride 2, then overlapping 3x3 windows with stride 2.
rng = np.random.default_rng(3)
for shape, hp in [((2, 8, 8, 3), {"f": 2, "stride": 2}), ((2, 5, 7, 3), {"f": 3, "stride": 2})]:
    A_prev = rng.standard_normal(shape)
    for mode in ("max", "average"):
        case = check.describe(A_prev=A_prev, hparameters=hp, mode=mode)
        A, cache = check.call(pool_forward_fast, A_prev, hp, mode, fn="pool_forward_fast", case=case,
                              returns=("A", "cache"))
        check.array(A, pool_forward_loop(A_prev, hp, mode)[0], fn="pool_forward_fast", case=case, name="A",
                    atol=1e-12, hint="reduce each window over its f x f positions (not over channels).")
        check.same_cache(cache, (A_prev, hp), fn="pool_forward_fast", case=case, names=("A_prev", "hparameters"))
        print(f"{case}: A {A.shape} matches the loops")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(808)
for shape, f, stride, dtype, mode, hint in [
    ((1, 6, 5, 2), 3, 1, np.float64, "max", "stride 1: every window position is kept."),
    ((2, 5, 4, 1), 1, 1, np.float64, "average", "f = 1."),
    ((1, 7, 8, 2), 2, 3, np.float64, "max", "stride 3 > f = 2: n_H = (n_H_prev - f) // stride + 1."),
    ((2, 9, 9, 2), 3, 3, np.float64, "average", "windows that tile the input exactly (f = stride = 3)."),
    ((3, 8, 8, 4), 2, 2, np.float32, "max", "float32 in: float32 (or float64) out."),
]:
    A_prev = rng.standard_normal(shape).astype(dtype)
    before = A_prev.copy()
    hp = {"f": f, "stride": stride}
    case = check.describe(A_prev=A_prev, hparameters=hp, mode=mode)
    A, cache = check.call(pool_forward_fast, A_prev, hp, mode, fn="pool_forward_fast", case=case,
                          returns=("A", "cache"), hint=hint)
    windows = np.lib.stride_tricks.sliding_window_view(A_prev.astype(np.float64), (f, f), axis=(1, 2))[:, ::stride, ::stride]
    expected = windows.max(axis=(4, 5)) if mode == "max" else windows.mean(axis=(4, 5))
    check.array(A, expected, fn="pool_forward_fast", case=case, name="A", hint=hint, atol=1e-6 if dtype == np.float32 else 1e-12,
                float32_ok=dtype == np.float32)
    check.unchanged(before, A_prev, fn="pool_forward_fast", case=case, name="A_prev")
    check.same_cache(cache, (A_prev, hp), fn="pool_forward_fast", case=case, names=("A_prev", "hparameters"))
### END HIDDEN TESTS

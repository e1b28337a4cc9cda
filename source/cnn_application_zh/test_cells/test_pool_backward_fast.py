### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
# Compare with the loop version (the cache comes from the loop forward pass).
rng = np.random.default_rng(4)
for shape, hp in [((2, 8, 8, 3), {"f": 2, "stride": 2}), ((2, 5, 7, 3), {"f": 3, "stride": 2})]:
    A_prev = rng.standard_normal(shape)
    for mode in ("max", "average"):
        A_loop, cache = pool_forward_loop(A_prev, hp, mode)
        dA = rng.standard_normal(A_loop.shape)
        case = check.describe(dA=dA, A_prev=A_prev, hparameters=hp, mode=mode)
        dA_prev = check.call(pool_backward_fast, dA, cache, mode, fn="pool_backward_fast", case=case)
        check.array(dA_prev, pool_backward_loop(dA, cache, mode), fn="pool_backward_fast", case=case,
                    name="dA_prev", atol=1e-12,
                    hint="each window sends dA[i, h, w, c] to its own f x f positions; overlapping windows add up.")
        print(f"{case}: dA_prev {dA_prev.shape} matches the loops")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(909)
for shape, f, stride, dtype, mode, ties, hint in [
    ((1, 6, 5, 2), 3, 1, np.float64, "max", False, "stride 1: heavy overlap, gradients add up."),
    ((2, 5, 4, 1), 1, 1, np.float64, "average", False, "f = 1: dA_prev is dA."),
    ((1, 7, 8, 2), 2, 3, np.float64, "max", False, "stride 3 > f: some positions get no gradient."),
    ((2, 9, 9, 2), 3, 3, np.float64, "average", False, "average: dA / (f * f) to every position of the window."),
    ((3, 6, 6, 4), 2, 2, np.float64, "max", True, "ties: every position equal to the window's max gets dA (mask = window == max)."),
    ((2, 7, 6, 2), 3, 2, np.float64, "max", True, "ties and overlap."),
    ((3, 8, 8, 4), 2, 2, np.float32, "max", False, "float32 in: float32 (or float64) out."),
]:
    A_prev = (rng.integers(0, 3, shape) if ties else rng.standard_normal(shape)).astype(dtype)
    hp = {"f": f, "stride": stride}
    windows = np.lib.stride_tricks.sliding_window_view(A_prev.astype(np.float64), (f, f), axis=(1, 2))[:, ::stride, ::stride]
    n_H, n_W = windows.shape[1:3]
    dA = rng.standard_normal((shape[0], n_H, n_W, shape[3])).astype(dtype)
    if mode == "max":
        share = (windows == windows.max(axis=(4, 5), keepdims=True)) * dA.astype(np.float64)[..., None, None]
    else:
        share = np.broadcast_to(dA.astype(np.float64)[..., None, None] / (f * f), windows.shape)
    expected = np.zeros(shape)
    for p in range(f):
        for q in range(f):
            expected[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :] += share[..., p, q]
    copies = (dA.copy(), A_prev.copy())
    case = check.describe(dA=dA, A_prev=A_prev, hparameters=hp, mode=mode)
    cache = (A_prev, hp)
    A_prev = None                                  # only the cache holds it
    dA_prev = check.call(pool_backward_fast, dA, cache, mode, fn="pool_backward_fast", case=case,
                         hint=hint + " (A_prev, hparameters = cache)")
    A_prev = cache[0]
    check.array(dA_prev, expected, fn="pool_backward_fast", case=case, name="dA_prev", hint=hint,
                atol=1e-6 if dtype == np.float32 else 1e-12, float32_ok=dtype == np.float32)
    for before, after, name in zip(copies, (dA, A_prev), ("dA", "A_prev")):
        check.unchanged(before, after, fn="pool_backward_fast", case=case, name=name)
### END HIDDEN TESTS

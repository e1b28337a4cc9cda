### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
rng_visible = np.random.default_rng(4)
X_case = rng_visible.standard_normal((2, 6, 3))
W_case = rng_visible.standard_normal((3, 3, 4))
b_case = rng_visible.standard_normal((1, 4))
case = check.describe(X=X_case, W=W_case, b=b_case)
Z, cache = check.call(conv1d_forward, X_case, W_case, b_case, fn="conv1d_forward", case=case, returns=("Z", "cache"))
check.array(Z, conv1d_forward_loop(X_case, W_case, b_case)[0], fn="conv1d_forward", case=case, name="Z",
            hint="Z[i, t, k] = sum(X[i, t:t + w, :] * W[:, :, k]) + b[0, k] for t = 0 .. T - w (the last window starts "
                 "at T - w); numpy's sliding-window view puts the window's w axis last: (m, n_T, d, w).",
            mistakes=[(conv1d_forward_loop(X_case, W_case, 0 * b_case)[0], "add the bias b once per output: "
                       "+ b.reshape(1, 1, F).")])
print("Z.shape =", Z.shape, " Z[0, 0] =", np.round(Z[0, 0], 6).tolist())
### BEGIN HIDDEN TESTS
# reference: _conv1d_reference
rng = np.random.default_rng(404)
for m, T, d, w, F, dtype in [(3, 7, 5, 3, 6, np.float64), (2, 5, 4, 5, 3, np.float64), (1, 9, 2, 1, 2, np.float64),
                             (4, 8, 6, 4, 5, np.float32), (2, 4, 3, 4, 7, np.float64), (5, 11, 1, 2, 1, np.float64)]:
    X_case = rng.standard_normal((m, T, d)).astype(dtype)
    W_case = rng.standard_normal((w, d, F)).astype(dtype)
    b_case = rng.standard_normal((1, F)).astype(dtype)
    copies = (X_case.copy(), W_case.copy(), b_case.copy())
    case = check.describe(X=X_case, W=W_case, b=b_case)
    want = _conv1d_reference(X_case, W_case, b_case)
    f32 = dtype == np.float32
    Z, cache = check.call(conv1d_forward, X_case, W_case, b_case, fn="conv1d_forward", case=case,
                          returns=("Z", "cache"))
    check.array(Z, want, fn="conv1d_forward", case=case, name="Z", rtol=1e-4 if f32 else 1e-7,
                hint="Z has T - w + 1 positions: the last window starts at T - w.",
                atol=1e-5 if f32 else 1e-9, float32_ok=f32, mistakes=[
                    (want - b_case.reshape(1, 1, -1), "add the bias b once per output: + b.reshape(1, 1, F)."),
                    (np.einsum("mtdp,dpk->mtk", np.lib.stride_tricks.sliding_window_view(X_case, w, axis=1)
                               .astype(np.float64), W_case.reshape(d, w, F).astype(np.float64))
                     + b_case.reshape(1, 1, -1), "the window's axes are (d, w) but W's are (w, d): transpose the "
                     "window (or W) before reshaping, not W.reshape(d, w, F)."),
                    (_conv1d_reference(X_case[:, ::-1], W_case, b_case)[:, ::-1],
                     "the window at position t is X[i, t:t + w]: read it forwards, not backwards."),
                ] if w > 1 else [(want - b_case.reshape(1, 1, -1), "add the bias b once per output.")])
    check.same_cache(cache, (X_case, W_case, b_case), fn="conv1d_forward", case=case, names=("X", "W", "b"))
    for before, after, name in zip(copies, (X_case, W_case, b_case), ("X", "W", "b")):
        check.unchanged(before, after, fn="conv1d_forward", case=case, name=name)
### END HIDDEN TESTS

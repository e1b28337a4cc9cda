### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
X_case = np.arange(12.0).reshape(1, 4, 3) / 10
W_case = np.ones((2, 3, 1))
b_case = np.zeros((1, 1))
dZ_case = np.array([[[1.0], [2.0], [3.0]]])
case = "X (1, 4, 3), W (2, 3, 1) of ones, dZ [[1], [2], [3]]"
dX, dW, db = check.call(conv1d_backward, dZ_case, (X_case, W_case, b_case), fn="conv1d_backward", case=case,
                        returns=("dX", "dW", "db"))
check.array(dX, np.repeat([[[1.0], [3.0], [5.0], [3.0]]], 3, axis=2), fn="conv1d_backward", case=case, name="dX",
            hint="position t + p gets dZ[t] @ W[p].T from every window t that covers it: the windows overlap, so add (+=).")
check.array(dW, [[[2.4], [3.0], [3.6]], [[4.2], [4.8], [5.4]]], fn="conv1d_backward", case=case, name="dW",
            hint="dW[p, :, k] = sum over i, t of dZ[i, t, k] * X[i, t + p, :].")
check.array(db, [[6.0]], fn="conv1d_backward", case=case, name="db", hint="db sums dZ over sentences and positions.")
print("dX[0, :, 0] =", dX[0, :, 0].tolist(), " db =", db.tolist())
### BEGIN HIDDEN TESTS
# reference: _conv1d_backward_reference
rng = np.random.default_rng(505)
for m, T, d, w, F, dtype in [(3, 7, 5, 3, 6, np.float64), (2, 5, 4, 5, 3, np.float64), (1, 9, 2, 1, 2, np.float64),
                             (4, 8, 6, 4, 5, np.float32), (2, 4, 3, 4, 7, np.float64), (5, 11, 1, 2, 1, np.float64)]:
    X_case = rng.standard_normal((m, T, d)).astype(dtype)
    W_case = rng.standard_normal((w, d, F)).astype(dtype)
    b_case = rng.standard_normal((1, F)).astype(dtype)
    dZ_case = rng.standard_normal((m, T - w + 1, F)).astype(dtype)
    copies = (X_case.copy(), W_case.copy(), dZ_case.copy())
    case = check.describe(dZ=dZ_case, X=X_case, W=W_case)
    want_dX, want_dW, want_db = _conv1d_backward_reference(dZ_case, X_case, W_case)
    n_T = T - w + 1
    no_overlap = np.zeros(X_case.shape)
    for p in range(w):
        no_overlap[:, p:p + n_T, :] = np.einsum("mtk,dk->mtd", dZ_case.astype(np.float64), W_case[p].astype(np.float64))
    f32 = dtype == np.float32
    tol = {"rtol": 1e-4, "atol": 1e-5, "float32_ok": True} if f32 else {}
    dX, dW, db = check.call(conv1d_backward, dZ_case, (X_case, W_case, b_case), fn="conv1d_backward", case=case,
                            returns=("dX", "dW", "db"))
    check.array(dX, want_dX, fn="conv1d_backward", case=case, name="dX", **tol, mistakes=[] if w == 1 else [
        (no_overlap, "overlapping windows add up: dX[:, p:p + n_T, :] += ..., not =."),
        (_conv1d_backward_reference(dZ_case, X_case, W_case[::-1])[0],
         "window position p of dX goes with W[p] (not W[w - 1 - p])."),
    ])
    check.array(dW, want_dW, fn="conv1d_backward", case=case, name="dW", **tol, mistakes=[
        (want_dW / m, "sum over the sentences: do not divide by m (the loss already averages)."),
    ] if m > 1 else [])
    check.array(db, want_db, fn="conv1d_backward", case=case, name="db", **tol, mistakes=[
        (dZ_case.astype(np.float64).sum(axis=1).mean(axis=0).reshape(1, -1), "db sums over sentences too, not a mean."),
    ] if m > 1 else [])
    for before, after, name in zip(copies, (X_case, W_case, dZ_case), ("X", "W", "dZ")):
        check.unchanged(before, after, fn="conv1d_backward", case=case, name=name)
### END HIDDEN TESTS

### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
E_case = np.arange(12.0).reshape(6, 2)                 # word j's vector is [2j, 2j + 1]
ids_case = np.array([[1, 3, 3], [5, 0, 0]])
case = "ids [[1, 3, 3], [5, 0, 0]], E (6, 2)"
X, cache = check.call(embedding_forward, ids_case, E_case, fn="embedding_forward", case=case, returns=("X", "cache"))
check.array(X, E_case[ids_case], fn="embedding_forward", case=case, name="X", hint="X = E[ids]: one row of E per id.")
dX_case = np.ones((2, 3, 2))
dE = check.call(embedding_backward, dX_case, (ids_case, E_case), fn="embedding_backward", case=case)
check.array(dE, [[2.0, 2.0], [1.0, 1.0], [0.0, 0.0], [2.0, 2.0], [0.0, 0.0], [1.0, 1.0]], fn="embedding_backward",
            case=case + ", dX all ones", name="dE", mistakes=[
                ([[1.0, 1.0], [1.0, 1.0], [0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [1.0, 1.0]],
                 "words 3 and 0 appear twice: their gradients must add up. dE[ids] += dX keeps only one of them; "
                 "use np.add.at(dE, ids, dX) or a loop."),
                ([[0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [2.0, 2.0], [0.0, 0.0], [1.0, 1.0]],
                 "the padding id 0 gets its gradient too (the training loop keeps that row fixed, not "
                 "embedding_backward)."),
                ([[1.0, 1.0], [0.5, 0.5], [0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [0.5, 0.5]],
                 "sum over the batch: do not divide by the number of sentences.")])
print("X[0] =", X[0].tolist(), "\ndE =", dE.tolist())
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(303)
for m, T, V, d, dtype in [(3, 7, 5, 4, np.float64), (1, 5, 9, 3, np.float64), (4, 6, 6, 8, np.float32),
                          (2, 12, 3, 2, np.float64)]:
    E_case = rng.standard_normal((V, d)).astype(dtype)
    ids_case = rng.integers(0, V, (m, T))
    ids_case[0, :3] = 2                      # a word repeated in a row
    dX_case = rng.standard_normal((m, T, d)).astype(dtype)
    f32 = dtype == np.float32
    case = check.describe(ids=ids_case, E=E_case)
    E_copy, ids_copy = E_case.copy(), ids_case.copy()
    X, cache = check.call(embedding_forward, ids_case, E_case, fn="embedding_forward", case=case, returns=("X", "cache"))
    check.array(X, E_case.astype(np.float64)[ids_case], fn="embedding_forward", case=case, name="X", float32_ok=f32)
    want = np.zeros((V, d))
    for (i, t), j in np.ndenumerate(ids_case):
        want[j] += dX_case[i, t]
    last_only = np.zeros((V, d))
    last_only[ids_case.reshape(-1)] = dX_case.reshape(-1, d)
    dE = check.call(embedding_backward, dX_case, (ids_case, E_case), fn="embedding_backward", case=case)
    check.array(dE, want, fn="embedding_backward", case=case, name="dE", rtol=1e-5 if f32 else 1e-7,
                atol=1e-6 if f32 else 1e-9, float32_ok=f32, mistakes=[
                    (last_only, "repeated words must add up: dE[ids] = dX (or +=) keeps one gradient per word; use "
                     "np.add.at(dE, ids.reshape(-1), dX.reshape(-1, d))."),
                    (np.where(np.arange(V)[:, None] == 0, 0, want), "the padding id 0 gets its gradient too "
                     "(the training loop keeps that row fixed, not embedding_backward)."),
                    (want / m, "sum over the batch: do not divide by the number of sentences.")])
    check.unchanged(E_copy, E_case, fn="embedding_forward", case=case, name="E")
    check.unchanged(ids_copy, ids_case, fn="embedding_forward", case=case, name="ids")
### END HIDDEN TESTS

### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
A_case = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
W_case = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]])
b_case = np.array([[0.1, 0.2, 0.3]])
A = W = b = None     # fc_backward must take A, W, b from its cache argument
case = "A (3, 2), W (2, 3), b (1, 3)"
Z, cache = check.call(fc_forward, A_case, W_case, b_case, fn="fc_forward", case=case, returns=("Z", "cache"))
check.array(Z, [[2.1, 4.2, 1.3], [5.1, 8.2, 1.3], [8.1, 12.2, 1.3]], fn="fc_forward", case=case, name="Z")
dZ = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
dA, dW, db = check.call(fc_backward, dZ, (A_case, W_case, b_case), fn="fc_backward", case="dZ = identity (3, 3)",
                        returns=("dA", "dW", "db"), hint="A, W, b = cache")
check.array(dA, W_case.T, fn="fc_backward", case="dZ = identity (3, 3)", name="dA", hint="dA = dZ W^T")
check.array(dW, A_case.T, fn="fc_backward", case="dZ = identity (3, 3)", name="dW", hint="dW = A^T dZ")
check.array(db, [[1.0, 1.0, 1.0]], fn="fc_backward", case="dZ = identity (3, 3)", name="db",
            hint="db sums dZ over the batch, keeping shape (1, k).")
print("Z =", Z.tolist())
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1111)
for m, n, k, dtype in [(5, 7, 3, np.float64), (1, 4, 10, np.float64), (6, 256, 10, np.float32)]:
    A_case = rng.standard_normal((m, n)).astype(dtype)
    W_case = rng.standard_normal((n, k)).astype(dtype)
    b_case = rng.standard_normal((1, k)).astype(dtype)
    dZ = rng.standard_normal((m, k)).astype(dtype)
    A = W = b = None
    case = check.describe(A=A_case, W=W_case, b=b_case)
    tolerance = dict(rtol=1e-4, atol=1e-5, float32_ok=True) if dtype == np.float32 else {}
    A64, W64, b64, dZ64 = (x.astype(np.float64) for x in (A_case, W_case, b_case, dZ))
    Z, cache = check.call(fc_forward, A_case, W_case, b_case, fn="fc_forward", case=case, returns=("Z", "cache"))
    check.array(Z, np.einsum("mn,nk->mk", A64, W64) + b64, fn="fc_forward", case=case, name="Z", **tolerance)
    check.same_cache(cache, (A_case, W_case, b_case), fn="fc_forward", case=case, names=("A", "W", "b"))
    grads = check.call(fc_backward, dZ, (A_case, W_case, b_case), fn="fc_backward", case=case,
                       returns=("dA", "dW", "db"), hint="A, W, b = cache")
    expected = (np.einsum("mk,nk->mn", dZ64, W64), np.einsum("mn,mk->nk", A64, dZ64), dZ64.sum(axis=0).reshape(1, k))
    for got, want, name in zip(grads, expected, ("dA", "dW", "db")):
        check.array(got, want, fn="fc_backward", case=case, name=name, **tolerance)
### END HIDDEN TESTS

### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
Z_case = np.array([[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]])
dA_case = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
Z = dA = None        # relu_backward must take Z from its cache argument, not from a variable of the notebook
A, cache = check.call(relu_forward, Z_case, fn="relu_forward", case="Z (2, 3)", returns=("A", "cache"))
check.array(A, [[0.0, 0.0, 0.0], [0.5, 1.0, 3.0]], fn="relu_forward", case="Z (2, 3)", name="A")
dZ = check.call(relu_backward, dA_case, Z_case, fn="relu_backward", case="dA (2, 3), cache Z (2, 3)",
                hint="use the Z stored in the cache: Z = cache.")
check.array(dZ, [[0.0, 0.0, 0.0], [4.0, 5.0, 6.0]], fn="relu_backward", case="dA (2, 3), cache Z (2, 3)", name="dZ",
            hint="the gradient passes where Z > 0 (at Z = 0 it is 0 here).")
print("A =", A.tolist(), "\ndZ =", dZ.tolist())
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1010)
for shape, dtype in [((2, 4, 4, 3), np.float64), ((5, 7), np.float32), ((3, 2, 2, 6), np.float32)]:
    Z_case = rng.standard_normal(shape).astype(dtype)
    dA_case = rng.standard_normal(shape).astype(dtype)
    Z = dA = None
    copies = (Z_case.copy(), dA_case.copy())
    case = check.describe(Z=Z_case)
    A, cache = check.call(relu_forward, Z_case, fn="relu_forward", case=case, returns=("A", "cache"))
    check.array(A, np.where(Z_case > 0, Z_case, 0).astype(np.float64), fn="relu_forward", case=case, name="A",
                float32_ok=dtype == np.float32)
    dZ = check.call(relu_backward, dA_case, Z_case, fn="relu_backward", case=case, hint="Z = cache")
    check.array(dZ, np.where(Z_case > 0, dA_case, 0).astype(np.float64), fn="relu_backward", case=case, name="dZ",
                float32_ok=dtype == np.float32)
    for before, after, name in zip(copies, (Z_case, dA_case), ("Z", "dA")):
        check.unchanged(before, after, fn="relu_forward / relu_backward", case=case, name=name)
### END HIDDEN TESTS

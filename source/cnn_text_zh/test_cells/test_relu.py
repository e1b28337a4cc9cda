### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
Z_case = np.array([[[-2.0, 0.0], [0.5, 3.0]]])
dA_case = np.array([[[1.0, 2.0], [3.0, 4.0]]])
case = "Z (1, 2, 2)"
A, cache = check.call(relu_forward, Z_case, fn="relu_forward", case=case, returns=("A", "cache"))
check.array(A, [[[0.0, 0.0], [0.5, 3.0]]], fn="relu_forward", case=case, name="A")
dZ = check.call(relu_backward, dA_case, Z_case, fn="relu_backward", case=case + ", dA (1, 2, 2)",
                hint="use the Z stored in the cache.")
check.array(dZ, [[[0.0, 0.0], [3.0, 4.0]]], fn="relu_backward", case=case + ", dA (1, 2, 2)", name="dZ",
            hint="the gradient passes where Z > 0 (at Z = 0 it is 0).",
            mistakes=[([[[0.0, 0.0], [1.0, 1.0]]], "multiply dA by the mask: dA * (Z > 0).")])
print("A =", A.tolist(), " dZ =", dZ.tolist())
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(606)
for shape, dtype in [((3, 5, 4), np.float64), ((2, 6), np.float32), ((4, 3, 7), np.float32)]:
    Z_case = rng.standard_normal(shape).astype(dtype)
    Z_case.flat[::5] = 0.0                               # exact zeros: no gradient there
    dA_case = rng.standard_normal(shape).astype(dtype)
    copies = (Z_case.copy(), dA_case.copy())
    case = check.describe(Z=Z_case)
    f32 = dtype == np.float32
    A, cache = check.call(relu_forward, Z_case, fn="relu_forward", case=case, returns=("A", "cache"))
    check.array(A, np.maximum(Z_case, 0).astype(np.float64), fn="relu_forward", case=case, name="A", float32_ok=f32)
    dZ = check.call(relu_backward, dA_case, Z_case, fn="relu_backward", case=case)
    check.array(dZ, np.where(Z_case > 0, dA_case, 0).astype(np.float64), fn="relu_backward", case=case, name="dZ",
                float32_ok=f32, mistakes=[(np.where(Z_case >= 0, dA_case, 0), "at Z = 0 the gradient is 0: Z > 0, "
                                           "not Z >= 0."),
                                          (np.where(Z_case > 0, 1.0, 0.0), "multiply dA by the mask: dA * (Z > 0).")])
    for before, after, name in zip(copies, (Z_case, dA_case), ("Z", "dA")):
        check.unchanged(before, after, fn="relu_forward / relu_backward", case=case, name=name)
### END HIDDEN TESTS

### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
# Test distribute_value on the example of the text.
case = check.describe(dz=2, shape=(2, 2))
a = check.call(distribute_value, 2, (2, 2), fn="distribute_value", case=case)
check.array(a, [[0.5, 0.5], [0.5, 0.5]], fn="distribute_value", case=case, name="a",
            hint="every entry is dz / (n_H * n_W).")
print("distributed value =", a)

### BEGIN HIDDEN TESTS
# More cases: non-square shapes, 1x1, negative and fractional dz, a numpy float dz.
for dz, shape in [(3.0, (3, 3)), (-1.5, (2, 4)), (5, (1, 1)), (np.float64(0.3), (4, 2)), (7, (3, 2))]:
    case = check.describe(dz=dz, shape=shape)
    a = check.call(distribute_value, dz, shape, fn="distribute_value", case=case)
    check.array(a, np.full(shape, float(dz) / (shape[0] * shape[1])), fn="distribute_value", case=case, name="a",
                hint="divide by the number of entries n_H * n_W (true division /, not //), and use shape = (n_H, n_W).")
### END HIDDEN TESTS
print("distribute_value: all tests passed.")

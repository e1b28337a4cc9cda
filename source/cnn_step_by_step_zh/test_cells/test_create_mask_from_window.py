### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
# Test create_mask_from_window on the example of the text.
np.random.seed(1)
x = np.random.randn(2, 3)
case = check.describe(x=x)
mask = check.call(create_mask_from_window, x, fn="create_mask_from_window", case=case)
check.array(mask, [[True, False, False], [False, False, False]], fn="create_mask_from_window", case=case,
            name="mask", hint="True exactly where x equals its maximum: x == np.max(x).")
print("x = ", x)
print("mask = ", mask)

### BEGIN HIDDEN TESTS
# More windows: square, non-square, 1x1, all negative, maximum in different corners.
rng = np.random.default_rng(606)
for shape in [(3, 3), (2, 4), (1, 1), (4, 2), (2, 2)]:
    for shift in [0.0, -10.0]:
        x = rng.standard_normal(shape) + shift
        before = x.copy()
        case = check.describe(x=x) + (" (all negative)" if shift else "")
        mask = check.call(create_mask_from_window, x, fn="create_mask_from_window", case=case)
        check.array(mask, x == x.max(), fn="create_mask_from_window", case=case, name="mask",
                    hint="compare with the maximum of the whole window (np.max(x)), not with 0 or a row maximum.")
        check.unchanged(before, x, fn="create_mask_from_window", case=case, name="x")
### END HIDDEN TESTS
print("create_mask_from_window: all tests passed.")

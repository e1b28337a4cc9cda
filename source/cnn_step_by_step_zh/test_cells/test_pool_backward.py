### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
# pool_backward is graded on its own: create_mask_from_window and distribute_value were graded
# above, so while this cell runs the notebook uses correct versions of them.
def _create_mask_from_window(x):
    return x == np.max(x)
def _distribute_value(dz, shape):
    return np.full(shape, dz / (shape[0] * shape[1]))
check.substitute(create_mask_from_window=_create_mask_from_window, distribute_value=_distribute_value)
### END HIDDEN TESTS
# pool_backward calls create_mask_from_window and distribute_value: they must be right first.
check.prerequisite("pool_backward", "create_mask_from_window", create_mask_from_window,
                   (np.array([[1.0, 3.0], [3.0, 2.0]]),), np.array([[False, True], [True, False]]))
check.prerequisite("pool_backward", "distribute_value", distribute_value, (2.0, (2, 2)), np.full((2, 2), 0.5))
# Test pool_backward on the example of the text, in both modes.
np.random.seed(1)
A_prev = np.random.randn(5, 5, 3, 2)
hparameters = {"stride": 1, "f": 2}
cache = (A_prev, hparameters)             # what pool_forward(A_prev, hparameters) caches
dA = np.random.randn(5, 4, 2, 2)
expected = {
    "max": [[0., 0.], [5.05844394, -1.68282702], [0., 0.]],
    "average": [[0.08485462, 0.2787552], [1.26461098, -0.25749373], [1.17975636, -0.53624893]],
}
for mode in ["max", "average"]:
    case = check.describe(dA=dA, A_prev=A_prev, hparameters=hparameters, mode=mode)
    dA_prev = check.call(pool_backward, dA, cache, mode=mode, fn="pool_backward", case=case)
    if not isinstance(dA_prev, np.ndarray) or dA_prev.shape != A_prev.shape:
        check.array(dA_prev, np.zeros(A_prev.shape), fn="pool_backward", case=case, name="dA_prev",
                    hint="dA_prev has the shape of A_prev.")
    check.array(dA_prev[1, 1], expected[mode], fn="pool_backward", case=case, name="dA_prev[1, 1]", atol=1e-8,
                hint="route dA[i, h, w, c] into the window of output (h, w) and accumulate with +=.")
    print("mode =", mode)
    print("mean of dA = ", np.mean(dA))
    print("dA_prev[1,1] = ", dA_prev[1, 1])
    print()

# A second case that the example above cannot check (there the stride is 1): stride 2 with
# f = 2 on a 4 x 6 input, so that output (h, w) and the window corner (2h, 2w) differ.
A_small = np.array([[3, 1, 0, 2, 5, 4], [0, 2, 7, 1, 1, 0], [6, 1, 2, 2, 0, 3], [1, 0, 4, 9, 8, 1]],
                   float).reshape(1, 4, 6, 1)
dA_small = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).reshape(1, 2, 3, 1)
hp_small = {"f": 2, "stride": 2}
expected = {
    "max": [[1, 0, 0, 0, 3, 0], [0, 0, 2, 0, 0, 0], [4, 0, 0, 0, 0, 0], [0, 0, 0, 5, 6, 0]],
    "average": [[0.25, 0.25, 0.5, 0.5, 0.75, 0.75], [0.25, 0.25, 0.5, 0.5, 0.75, 0.75],
                [1, 1, 1.25, 1.25, 1.5, 1.5], [1, 1, 1.25, 1.25, 1.5, 1.5]],
}
hint = "the gradient of output (h, w) is dA[i, h, w, c], not dA at the window corner [i, vert_start, horiz_start, c]."
for mode in ["max", "average"]:
    case = check.describe(dA=dA_small, A_prev=A_small, hparameters=hp_small, mode=mode)
    dA_prev_small = check.call(pool_backward, dA_small, (A_small, hp_small), mode=mode, fn="pool_backward",
                               case=case, hint=hint)
    check.array(dA_prev_small, np.array(expected[mode], float).reshape(1, 4, 6, 1), fn="pool_backward",
                case=case, name="dA_prev", hint=hint)
    print(f"4 x 6 input, f = 2, stride 2, mode = {mode}: dA_prev[0, :, :, 0] =")
    print(dA_prev_small[0, :, :, 0])

### BEGIN HIDDEN TESTS
# More cases, compared with a vectorized backward pass computed here.
from numpy.lib.stride_tricks import sliding_window_view
def _pool_backward_reference(dA, A_prev, f, stride, mode):
    m, n_H, n_W, n_C = dA.shape
    windows = sliding_window_view(A_prev.astype(np.float64), (f, f), axis=(1, 2))[:, ::stride, ::stride][:, :n_H, :n_W]
    if mode == "max":
        share = (windows == windows.max(axis=(-2, -1), keepdims=True)) * dA[..., None, None]
    else:
        share = np.broadcast_to(dA[..., None, None] / (f * f), windows.shape)
    dA_prev = np.zeros(A_prev.shape)
    for p in range(f):
        for q in range(f):
            dA_prev[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :] += share[..., p, q]
    return dA_prev
rng = np.random.default_rng(707)
for shape, f, stride, dtype, hint in [
    ((2, 5, 7, 3), 3, 2, np.float64, "stride 2: the gradient of output (h, w) is dA[i, h, w, c], not dA at the window corner."),
    ((1, 6, 6, 2), 2, 2, np.float64, "window corners: start = h * stride, end = start + f."),
    ((2, 5, 4, 1), 1, 1, np.float64, "f = 1 and a non-square input: rows are h, columns are w."),
    ((1, 7, 8, 2), 2, 3, np.float64, "stride 3 > f: inputs outside every window get zero gradient."),
    ((2, 6, 5, 3), 3, 1, np.float64, "overlapping windows (stride < f): accumulate with +=; the mask covers one window only."),
    ((2, 6, 5, 3), 2, 2, np.float32, "float32 inputs must work too."),
]:
    for mode in ["max", "average"]:   # what the exercise asks for (the given "avg" line is a convenience)
        A_prev = rng.standard_normal(shape).astype(dtype)
        hparameters = {"f": f, "stride": stride}
        n_H, n_W = (shape[1] - f) // stride + 1, (shape[2] - f) // stride + 1
        dA = rng.standard_normal((shape[0], n_H, n_W, shape[3])).astype(dtype)
        before = [A_prev.copy(), dA.copy()]
        expected = _pool_backward_reference(dA.astype(np.float64), A_prev, f, stride, "max" if mode == "max" else "average")
        case = check.describe(dA=dA, A_prev=A_prev, hparameters=hparameters, mode=mode)
        got = check.call(pool_backward, dA, (A_prev, hparameters), mode=mode, fn="pool_backward", case=case,
                         hint=hint)
        check.array(got, expected, fn="pool_backward", case=case, name="dA_prev", hint=hint,
                    float32_ok=dtype == np.float32, rtol=1e-5 if dtype == np.float32 else 1e-7,
                    atol=1e-6 if dtype == np.float32 else 1e-9)
        for name, old, new in zip(["A_prev", "dA"], before, [A_prev, dA]):
            check.unchanged(old, new, fn="pool_backward", case=case, name=name)
check.end_substitutes()                  # the notebook's own functions again
### END HIDDEN TESTS
print("pool_backward: all tests passed.")

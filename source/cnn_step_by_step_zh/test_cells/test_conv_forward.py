### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
# conv_forward is graded on its own: zero_pad and conv_single_step were graded above, so while
# this cell runs the notebook uses correct versions of them.
# reference: _zero_pad
def _conv_single_step(a_slice_prev, W, b):
    return np.sum(a_slice_prev * W) + np.asarray(b).reshape(-1)[0]
check.substitute(zero_pad=_zero_pad, conv_single_step=_conv_single_step)
### END HIDDEN TESTS
# conv_forward calls zero_pad and conv_single_step: they must be right first.
check.prerequisite("conv_forward", "zero_pad", zero_pad, (np.ones((1, 1, 1, 1)), 1),
                   np.array([[[[0.0], [0.0], [0.0]], [[0.0], [1.0], [0.0]], [[0.0], [0.0], [0.0]]]]))
check.prerequisite("conv_forward", "conv_single_step", conv_single_step,
                   (np.full((2, 2, 1), 2.0), np.ones((2, 2, 1)), np.full((1, 1, 1), 0.5)), 8.5)
# Test conv_forward on the example of the text.
np.random.seed(1)
A_prev = np.random.randn(10, 4, 4, 3)
W = np.random.randn(2, 2, 3, 8)
b = np.random.randn(1, 1, 1, 8)
hparameters = {"pad": 2, "stride": 2}
case = check.describe(A_prev=A_prev, W=W, b=b, hparameters=hparameters)
Z, cache_conv = check.call(conv_forward, A_prev, W, b, hparameters, fn="conv_forward", case=case,
                           returns=("Z", "cache"))
if not isinstance(Z, np.ndarray) or Z.shape != (10, 4, 4, 8):
    check.array(Z, np.zeros((10, 4, 4, 8)), fn="conv_forward", case=case, name="Z",
                hint="n_H = (n_H_prev + 2 * pad - f) // stride + 1 = (4 + 4 - 2) // 2 + 1 = 4.")
check.number(np.mean(Z), 0.048995203528855794, fn="conv_forward", case=case, name="np.mean(Z)",
             hint="check the window corners (end = start + f) and the bias (added once per output).")
check.array(Z[3, 2, 1], [-0.61490741, -6.7439236, -2.55153897, 1.75698377, 3.56208902, 0.53036437,
                         5.18531798, 8.75898442], fn="conv_forward", case=case, name="Z[3, 2, 1]", atol=1e-8)
check.same_cache(cache_conv, (A_prev, W, b, hparameters), fn="conv_forward", case=case,
                 names=("A_prev", "W", "b", "hparameters"))
print("Z's mean =", np.mean(Z))
print("Z[3,2,1] =", Z[3, 2, 1])
print("cache_conv[0][1][2][3] =", cache_conv[0][1][2][3])

# A second case that the example above cannot check (there f = stride = 2 and the input is
# square): a 4 x 5 input, f = 3 with stride 2 and no padding.
A_small = np.arange(20.0).reshape(1, 4, 5, 1)
W_small = np.ones((3, 3, 1, 1))
W_small[1, 1, 0, 0] = 2.0
b_small = np.full((1, 1, 1, 1), 0.5)
hp_small = {"pad": 0, "stride": 2}
case = check.describe(A_prev=A_small, W=W_small, b=b_small, hparameters=hp_small)
hint = "windows are f = 3 wide whatever the stride: vert_end = vert_start + f; n_H = (4 - 3) // 2 + 1 = 1."
Z_small, _ = check.call(conv_forward, A_small, W_small, b_small, hp_small, fn="conv_forward", case=case,
                        returns=("Z", "cache"), hint=hint)
check.array(Z_small, [[[[60.5], [80.5]]]], fn="conv_forward", case=case, name="Z", hint=hint)
print("4 x 5 input, f = 3, stride 2, pad 0: Z[0, :, :, 0] =", Z_small[0, :, :, 0])

### BEGIN HIDDEN TESTS
# More cases, compared with a vectorized convolution computed here.
# reference: _conv_reference
rng = np.random.default_rng(303)
for shape, f, n_C, stride, pad, dtype, hint in [
    ((2, 6, 7, 3), 3, 4, 2, 0, np.float64,
     "a window is f wide whatever the stride: vert_end = vert_start + f; n_H rounds down (//); pad 0 must work."),
    ((1, 5, 3, 2), 1, 3, 1, 1, np.float64, "with f = 1 each output is a sum over channels plus b; height and width differ here."),
    ((3, 7, 5, 1), 2, 2, 3, 2, np.float64, "with stride 3 > f = 2 the windows skip columns: start = h * stride, end = start + f."),
    ((2, 4, 6, 3), 3, 5, 1, 1, np.float32, "float32 inputs must work too."),
]:
    A_prev = rng.standard_normal(shape).astype(dtype)
    W = rng.standard_normal((f, f, shape[3], n_C)).astype(dtype)
    b = rng.standard_normal((1, 1, 1, n_C)).astype(dtype)
    hparameters = {"stride": stride, "pad": pad}
    before = [A_prev.copy(), W.copy(), b.copy()]
    expected = _conv_reference(A_prev, W, b, stride, pad)
    case = check.describe(A_prev=A_prev, W=W, b=b, hparameters=hparameters)
    Z, cache = check.call(conv_forward, A_prev, W, b, hparameters, fn="conv_forward", case=case, returns=("Z", "cache"),
                          hint=hint)
    loose = dtype == np.float32
    check.array(Z, expected, fn="conv_forward", case=case, name="Z", hint=hint, float32_ok=loose,
                rtol=1e-4 if loose else 1e-7, atol=1e-5 if loose else 1e-9)
    check.same_cache(cache, (A_prev, W, b, hparameters), fn="conv_forward", case=case,
                     names=("A_prev", "W", "b", "hparameters"))
    for name, old, new in zip(["A_prev", "W", "b"], before, [A_prev, W, b]):
        check.unchanged(old, new, fn="conv_forward", case=case, name=name)
check.end_substitutes()                  # the notebook's own functions again
### END HIDDEN TESTS
print("conv_forward: all tests passed.")

### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
# Dropout is random: the checks look at what any correct version must do, not at one mask.
X_case = np.random.default_rng(8).standard_normal((200, 50)) + 3.0        # no entry is 0
case = "X (200, 50), p=0.5, train=True"
out, cache = check.call(dropout_forward, X_case, 0.5, np.random.default_rng(0), True, fn="dropout_forward", case=case,
                        returns=("out", "cache"))
check.same_shape(out, X_case, fn="dropout_forward", case=case, name="out")
check.array(out, np.where(out == 0, 0, 2 * X_case), fn="dropout_forward", case=case, name="out",
            hint="each entry is either dropped (0) or kept and divided by 1 - p (here: doubled).",
            mistakes=[(np.where(out == 0, 0, X_case), "divide the kept entries by 1 - p (inverted dropout), so that "
                       "the expected output is X.")])
kept = np.mean(out != 0)
check.expect(bool(0.45 < kept < 0.55), fn="dropout_forward", problem=f"kept {kept:.1%} of the entries with p = 0.5.",
             case=case, hint="drop each entry with probability p: keep where rng.random(X.shape) >= p.")
dX = check.call(dropout_backward, np.ones_like(X_case), cache, fn="dropout_backward", case=case + ", dout of ones")
check.array(dX, np.where(out == 0, 0.0, 2.0), fn="dropout_backward", case=case + ", dout of ones", name="dX",
            hint="the gradient flows through the kept entries only, scaled like them: dout * mask.")
out_test, cache_test = check.call(dropout_forward, X_case, 0.5, np.random.default_rng(0), False,
                                  fn="dropout_forward", case="train=False", returns=("out", "cache"))
check.array(out_test, X_case, fn="dropout_forward", case="X (200, 50), p=0.5, train=False", name="out",
            hint="at test time (train=False) the output is X itself: nothing dropped, nothing scaled.",
            mistakes=[(0.5 * X_case, "at test time nothing is scaled either: inverted dropout scales while training.")])
print(f"kept {kept:.1%} of the entries; at test time the output is the input")
### BEGIN HIDDEN TESTS
for shape, p, dtype, seed in [((300, 40), 0.2, np.float64, 1), ((50, 3, 30), 0.7, np.float64, 2),
                              ((120, 60), 0.5, np.float32, 3), ((400, 25), 0.0, np.float64, 4)]:
    X_case = (np.random.default_rng(seed).standard_normal(shape) + 4.0).astype(dtype)
    copy = X_case.copy()
    f32 = dtype == np.float32
    case = check.describe(X=X_case, p=p, train=True)
    out, cache = check.call(dropout_forward, X_case, p, np.random.default_rng(seed), True, fn="dropout_forward",
                            case=case, returns=("out", "cache"))
    check.same_shape(out, X_case, fn="dropout_forward", case=case, name="out", float32_ok=f32)
    check.array(out, np.where(out == 0, 0, X_case.astype(np.float64) / (1 - p)), fn="dropout_forward", case=case,
                name="out", float32_ok=f32, rtol=1e-5 if f32 else 1e-7, mistakes=[
                    (np.where(out == 0, 0, X_case), "divide the kept entries by 1 - p (inverted dropout), so that "
                     "the expected output is X."),
                    (np.where(out == 0, 0, X_case * (1 - p)), "divide the kept entries by 1 - p, do not multiply."),
                    (np.where(out == 0, 0, X_case / p), "divide by the probability of KEEPING, 1 - p (not p)."),
                ] if p > 0 else [])
    kept, n = float(np.mean(out != 0)), X_case.size
    spread = 5 * np.sqrt(p * (1 - p) / n) + 1e-9
    check.expect(bool(abs(kept - (1 - p)) <= spread), fn="dropout_forward", case=case,
                 problem=f"kept {kept:.1%} of the entries; with p = {p} about {1 - p:.0%} should be kept.",
                 hint="p is the probability of DROPPING an entry: keep where rng.random(X.shape) >= p.")
    second, _ = check.call(dropout_forward, X_case, p, np.random.default_rng(seed + 100), True, fn="dropout_forward",
                           case=case + " (another generator)", returns=("out", "cache"))
    check.same_shape(second, X_case, fn="dropout_forward", case=case, name="out", float32_ok=f32)
    check.expect(bool(p == 0 or np.any((second == 0) != (out == 0))), fn="dropout_forward", case=case,
                 problem="dropped the same entries with two different random generators.",
                 hint="draw the mask from the rng argument: rng.random(X.shape) (not a fixed seed, not np.random).")
    dout = np.random.default_rng(seed + 7).standard_normal(shape).astype(dtype)
    dX = check.call(dropout_backward, dout, cache, fn="dropout_backward", case=case + ", dout")
    check.array(dX, np.where(out == 0, 0, dout.astype(np.float64) / (1 - p)), fn="dropout_backward",
                case=case + ", dout", name="dX", float32_ok=f32, rtol=1e-5 if f32 else 1e-7, mistakes=[
                    (np.where(out == 0, 0, dout), "scale the gradient like the output: dout * mask, with the mask "
                     "holding 1 / (1 - p)."),
                ] if p > 0 else [])
    case_test = check.describe(X=X_case, p=p, train=False)
    out_test, cache_test = check.call(dropout_forward, X_case, p, np.random.default_rng(seed), False,
                                      fn="dropout_forward", case=case_test, returns=("out", "cache"))
    check.array(out_test, X_case, fn="dropout_forward", case=case_test, name="out", float32_ok=f32,
                mistakes=[(X_case * (1 - p), "at test time nothing is scaled either: inverted dropout scales while "
                           "training.")])
    dX_test = check.call(dropout_backward, dout, cache_test, fn="dropout_backward", case=case_test + ", dout")
    check.array(dX_test, dout, fn="dropout_backward", case=case_test + ", dout", name="dX", float32_ok=f32,
                hint="with the cache None (nothing dropped), dX = dout.")
    check.unchanged(copy, X_case, fn="dropout_forward", case=case, name="X")
### END HIDDEN TESTS

### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
logits_case = np.array([[2.0, 0.0], [0.0, 0.0], [-1.0, 3.0]])
y_case = np.array([0, 1, 0])
case = "logits [[2, 0], [0, 0], [-1, 3]], y [0, 1, 0]"
loss, dlogits = check.call(softmax_loss, logits_case, y_case, fn="softmax_loss", case=case, returns=("loss", "dlogits"))
check.number(loss, 1.612741706506909, fn="softmax_loss", case=case, name="loss",
             hint="the MEAN over the sentences of -log p[i, y[i]].")
_dlogits = np.array([[-0.03973431, 0.03973431], [0.16666667, -0.16666667], [-0.32733793, 0.32733793]])
check.array(dlogits, _dlogits, fn="softmax_loss", case=case, name="dlogits", rtol=1e-6, hint="(softmax - one_hot(y)) / m.",
            mistakes=[(3 * _dlogits, "divide the gradient by m too: the loss is a mean.")])
print(f"loss = {loss:.6f}")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(909)
for m, C, scale, dtype in [(5, 2, 1.0, np.float64), (7, 3, 4.0, np.float64), (1, 2, 1.0, np.float64),
                           (6, 2, 1000.0, np.float64), (8, 2, 3.0, np.float32)]:
    logits_case = (scale * rng.standard_normal((m, C))).astype(dtype)
    y_case = rng.integers(0, C, m)
    y_case[0] = 1
    copies = (logits_case.copy(), y_case.copy())
    z = logits_case.astype(np.float64) - logits_case.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    want_loss = -log_p[np.arange(m), y_case].mean()
    want_d = np.exp(log_p) - np.eye(C)[y_case]
    case = check.describe(logits=logits_case, y=y_case.tolist())
    f32 = dtype == np.float32
    loss, dlogits = check.call(softmax_loss, logits_case, y_case, fn="softmax_loss", case=case,
                               returns=("loss", "dlogits"),
                               hint="subtract each row's maximum before np.exp" if scale > 100 else "")
    check.number(loss, want_loss, fn="softmax_loss", case=case, name="loss", rtol=1e-5 if f32 else 1e-7,
                 hint="subtract each row's maximum before np.exp (exp(1000) is inf)" if scale > 100 else
                 ("the mean, not the sum, over the sentences." if abs(float(loss) - m * want_loss) < 1e-6 * m else
                  "-log of the probability of the RIGHT class y[i], averaged over the sentences."))
    check.array(dlogits, want_d / m, fn="softmax_loss", case=case, name="dlogits", float32_ok=f32,
                rtol=1e-4 if f32 else 1e-7, atol=1e-6 if f32 else 1e-9, mistakes=[
                    (want_d, "divide the gradient by m too: the loss is a mean."),
                    (-want_d / m, "the gradient is (softmax - one_hot(y)) / m: softmax minus the one-hot, not the reverse."),
                    (np.exp(log_p) / m, "subtract 1 at the right class: dlogits[np.arange(m), y] -= 1."),
                ])
    for before, after, name in zip(copies, (logits_case, y_case), ("logits", "y")):
        check.unchanged(before, after, fn="softmax_loss", case=case, name=name)
### END HIDDEN TESTS

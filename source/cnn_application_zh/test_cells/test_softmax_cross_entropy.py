### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
y = np.array([0, 1])
case = "logits (2, 3), y [0, 1]"
loss, dlogits = check.call(softmax_cross_entropy, logits, y, fn="softmax_cross_entropy", case=case,
                           returns=("loss", "dlogits"))
check.number(loss, 0.31853976964918573, fn="softmax_cross_entropy", case=case, name="loss", rtol=1e-8,
             hint="the mean over the batch of -log p[i, y[i]].")
check.array(dlogits, [[-0.17049943, 0.12121649, 0.04928295], [0.05430187, -0.09876047, 0.04445861]],
            fn="softmax_cross_entropy", case=case, name="dlogits", rtol=1e-6, atol=1e-8,
            hint="(softmax(logits) - one_hot(y)) / m")
print("loss =", loss, "\ndlogits =", dlogits)

case = "logits [[1000, 0, -1000]], y [0] (large logits)"
loss, dlogits = check.call(softmax_cross_entropy, np.array([[1000.0, 0.0, -1000.0]]), np.array([0]),
                           fn="softmax_cross_entropy", case=case, returns=("loss", "dlogits"))
check.number(loss, 0.0, fn="softmax_cross_entropy", case=case, name="loss",
             hint="subtract each row's largest logit before np.exp, and use log-sum-exp: exp(1000) overflows.")
check.array(dlogits, [[0.0, 0.0, 0.0]], fn="softmax_cross_entropy", case=case, name="dlogits")
print("large logits: loss =", loss)

case = "logits (2, 3), y [0, 1], label_smoothing 0.1"
loss, dlogits = check.call(softmax_cross_entropy, logits, y, 0.1, fn="softmax_cross_entropy", case=case,
                           returns=("loss", "dlogits"))
check.number(loss, 0.4368731029825191, fn="softmax_cross_entropy", case=case, name="loss", rtol=1e-8,
             hint="the target is (1 - 0.1) one_hot(y) + 0.1 / K for every class.")
print("label smoothing 0.1: loss =", loss)
### BEGIN HIDDEN TESTS
def _softmax_ce_reference(logits, y, eps):
    z = logits.astype(np.float64)
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    m, K = z.shape
    t = np.full(z.shape, eps / K)
    t[np.arange(m), y] += 1.0 - eps
    return -np.sum(t * log_p) / m, (np.exp(log_p) - t) / m
rng = np.random.default_rng(1212)
for m, K, scale, eps, dtype, hint in [
    (7, 10, 1.0, 0.0, np.float64, "the mean over the batch, not the sum."),
    (5, 10, 3.0, 0.1, np.float64, "label smoothing: (1 - eps) one_hot(y) + eps / K."),
    (4, 4, 800.0, 0.0, np.float64, "logits of several hundreds: subtract the row's max first, use log-sum-exp."),
    (6, 10, 900.0, 0.2, np.float64, "large logits and label smoothing: log p must stay finite (no log(0))."),
    (8, 10, 2.0, 0.1, np.float32, "float32 logits."),
    (1, 3, 1.0, 0.0, np.float64, "a batch of one image."),
]:
    logits = (rng.standard_normal((m, K)) * scale).astype(dtype)
    y = rng.integers(0, K, m)
    copies = (logits.copy(), y.copy())
    case = check.describe(logits=logits, y=y, label_smoothing=eps)
    loss, dlogits = check.call(softmax_cross_entropy, logits, y, eps, fn="softmax_cross_entropy", case=case,
                               returns=("loss", "dlogits"), hint=hint)
    want_loss, want_d = _softmax_ce_reference(logits, y, eps)
    f32 = dtype == np.float32
    check.number(loss, want_loss, fn="softmax_cross_entropy", case=case, name="loss", hint=hint,
                 rtol=1e-5 if f32 else 1e-8)
    check.array(dlogits, want_d, fn="softmax_cross_entropy", case=case, name="dlogits", hint=hint,
                rtol=1e-4 if f32 else 1e-7, atol=1e-6 if f32 else 1e-9, float32_ok=f32)
    for before, after, name in zip(copies, (logits, y), ("logits", "y")):
        check.unchanged(before, after, fn="softmax_cross_entropy", case=case, name=name)
### END HIDDEN TESTS

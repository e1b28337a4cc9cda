### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
# predict is graded on its own: model_forward is replaced, while it is tested, by a stand-in
# whose logits are known (and that records the batch sizes it is given).
_batches = []
_M = np.random.default_rng(1616).standard_normal((10, 10))
def _stand_in(X, parameters):
    _batches.append(X.shape[0])
    return X.reshape(X.shape[0], -1)[:, :10] @ _M, None
check.substitute(model_forward=_stand_in)
### END HIDDEN TESTS
# predict must agree with the argmax of model_forward's logits.
rng = np.random.default_rng(11)
parameters_small = initialize_parameters(seed=4, n_C1=4, n_C2=6, dtype=np.float64)
X_small = rng.random((7, 8, 8, 1))
case = "X (7, 8, 8, 1), batch_size 3"
predictions = check.call(predict, X_small, parameters_small, 3, fn="predict", case=case)
logits, _ = check.call(model_forward, X_small, parameters_small, fn="model_forward (which predict uses)", case=case,
                       returns=("logits", "caches"))
expected = np.argmax(logits, axis=1)
check.expect(type(predictions) is np.ndarray and predictions.shape == (7,) and predictions.dtype.kind in "iu",
             fn="predict", case=case, problem="predictions should be an integer array of shape (7,).",
             hint="np.argmax(logits, axis=1) of each batch, concatenated.")
check.array(predictions.astype(np.float64), expected.astype(np.float64), fn="predict", case=case, name="predictions",
            hint="the argmax over the classes (axis=1) of each batch's logits, batches in order.")
print("predictions:", predictions, " argmax of model_forward:", expected)
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1717)
for m, batch_size in [(10, 4), (1100, 512), (5, 512), (6, 1)]:
    X = rng.standard_normal((m, 8, 8, 1))
    expected = np.argmax(X.reshape(m, -1)[:, :10] @ _M, axis=1)
    case = check.describe(X=X, batch_size=batch_size)
    seen = len(check.kernel_value("_batches"))     # the stand-in's record, in the notebook's kernel
    predictions = check.call(predict, X, {"W1": None}, batch_size, fn="predict", case=case)
    batches = check.kernel_value("_batches")[seen:]
    check.expect(type(predictions) is np.ndarray and predictions.shape == (m,) and predictions.dtype.kind in "iu",
                 fn="predict", case=case, problem=f"predictions should be an integer array of shape ({m},).")
    check.array(predictions.astype(np.float64), expected.astype(np.float64), fn="predict", case=case,
                name="predictions", hint="predict every image exactly once, the batches in order.")
    check.expect(sum(batches) == m and max(batches, default=0) <= batch_size, fn="predict", case=case,
                 problem=f"model_forward was called on batches of {batches[:6]}...",
                 hint=f"pass model_forward at most batch_size = {batch_size} images at a time, each image once.")
check.end_substitutes()                  # the notebook's own functions again
### END HIDDEN TESTS

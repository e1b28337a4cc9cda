### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
# model_backward is graded on its own: model_forward and the layers are replaced by correct
# ones while it is tested (and put back afterwards).
_window = np.lib.stride_tricks.sliding_window_view
# reference: _conv_f
def _conv_b(dZ, cache):
    A, W, b, hp = cache
    s, p, f, (n_H, n_W) = hp["stride"], hp["pad"], W.shape[0], dZ.shape[1:3]
    A_pad = np.pad(A, ((0, 0), (p, p), (p, p), (0, 0)))
    win = _window(A_pad, (f, f), axis=(1, 2))[:, ::s, ::s]
    dA_pad = np.zeros(A_pad.shape)
    for i in range(f):
        for j in range(f):
            dA_pad[:, i:i + s * n_H:s, j:j + s * n_W:s, :] += np.einsum("mhwk,ck->mhwc", dZ, W[i, j])
    return (dA_pad[:, p:p + A.shape[1], p:p + A.shape[2], :], np.einsum("mhwcpq,mhwk->pqck", win, dZ),
            dZ.sum(axis=(0, 1, 2)).reshape(1, 1, 1, -1))
# reference: _pool_f
def _pool_b(dA, cache, mode="max"):
    A, hp = cache
    f, s, (n_H, n_W) = hp["f"], hp["stride"], dA.shape[1:3]
    win = _window(A, (f, f), axis=(1, 2))[:, ::s, ::s]
    if mode == "max":
        share = (win == win.max(axis=(4, 5), keepdims=True)) * dA[..., None, None]
    else:
        share = np.broadcast_to(dA[..., None, None] / (f * f), win.shape)
    dA_prev = np.zeros(A.shape)
    for i in range(f):
        for j in range(f):
            dA_prev[:, i:i + s * n_H:s, j:j + s * n_W:s, :] += share[..., i, j]
    return dA_prev
def _model_f(X, params):
    Z1, conv1 = _conv_f(X, params["W1"], params["b1"], {"stride": 1, "pad": 1})
    P1, pool1 = _pool_f(np.maximum(Z1, 0), {"f": 2, "stride": 2})
    Z2, conv2 = _conv_f(P1, params["W2"], params["b2"], {"stride": 1, "pad": 1})
    P2, pool2 = _pool_f(np.maximum(Z2, 0), {"f": 2, "stride": 2})
    F = P2.reshape(P2.shape[0], -1)
    return F @ params["W3"] + params["b3"], (conv1, Z1, pool1, conv2, Z2, pool2, P2.shape, (F, params["W3"], params["b3"]))
def _loss(logits, y, label_smoothing=0.0):
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    target = (1 - label_smoothing) * np.eye(logits.shape[1])[y] + label_smoothing / logits.shape[1]
    return float(-np.sum(target * log_p) / len(y)), (np.exp(log_p) - target) / len(y)
check.substitute(softmax_cross_entropy=_loss, conv_forward_fast=_conv_f, conv_backward_fast=_conv_b,
                 pool_forward_fast=_pool_f, pool_backward_fast=_pool_b,
                 relu_forward=lambda Z: (np.maximum(Z, 0), Z), relu_backward=lambda dA, Z: dA * (Z > 0),
                 fc_forward=lambda A, W, b: (A @ W + b, (A, W, b)),
                 fc_backward=lambda dZ, c: (dZ @ c[1].T, c[0].T @ dZ, dZ.sum(axis=0, keepdims=True)),
                 model_forward=_model_f)
### END HIDDEN TESTS
# model_backward calls the backward layers above: they must be right first.
_x = np.random.default_rng(0).standard_normal((1, 4, 4, 2))
_w, _b = np.random.default_rng(1).standard_normal((3, 3, 2, 3)), np.full((1, 1, 1, 3), 0.1)
_z, _conv_cache = conv_forward_loop(_x, _w, _b, HP_CONV)
_p, _pool_cache = pool_forward_loop(_x, HP_POOL, "max")
check.prerequisite("model_backward", "conv_backward_fast", lambda *a: conv_backward_fast(*a)[0], (_z, _conv_cache),
                   conv_backward_loop(_z, _conv_cache)[0])
check.prerequisite("model_backward", "pool_backward_fast", lambda *a: pool_backward_fast(*a), (_p, _pool_cache, "max"),
                   pool_backward_loop(_p, _pool_cache, "max"))
check.prerequisite("model_backward", "relu_backward", relu_backward, (_x, _x), np.where(_x > 0, _x, 0.0))
check.prerequisite("model_backward", "fc_backward", lambda *a: fc_backward(*a)[1],
                   (np.ones((1, 2)), (_x.reshape(1, -1), np.ones((32, 2)), np.zeros((1, 2)))),
                   _x.reshape(1, -1).T @ np.ones((1, 2)))
# The gradient check above, as a test: relative error below 1e-6.
case = "gradient_check(): 2 random images, 2 and 3 filters, float64"
error, per_parameter = check.call(gradient_check, fn="model_backward", case=case, returns=("error", "per_parameter"))
check.expect(float(error) < 1e-6, fn="model_backward", case=case,
             problem=f"the relative error of the gradient is {float(error):.2e}, above 1e-6.",
             hint="look at each parameter's error printed above: the largest points at the layer to look at.")
print(f"relative error {error:.2e}: OK")
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1414)
for m, n_C1, n_C2 in [(3, 2, 3), (2, 3, 2)]:
    shapes = {"W1": (3, 3, 1, n_C1), "b1": (1, 1, 1, n_C1), "W2": (3, 3, n_C1, n_C2), "b2": (1, 1, 1, n_C2),
              "W3": (4 * n_C2, 10), "b3": (1, 10)}
    params = {k: 0.5 * rng.standard_normal(sh) for k, sh in shapes.items()}
    X = rng.standard_normal((m, 8, 8, 1))
    y = rng.integers(0, 10, m)
    logits, caches = _model_f(X, params)
    dlogits = _loss(logits, y)[1]
    case = check.describe(X=X, n_C1=n_C1, n_C2=n_C2)
    grads = check.call(model_backward, dlogits.copy(), caches, fn="model_backward", case=case)
    check.expect(type(grads) is dict, fn="model_backward", case=case,
                 problem=f"should return a dict of gradients, got {type(grads).__name__}.",
                 hint='grads = {"dW1": ..., "db1": ..., ...}')
    for name, theta in params.items():
        numeric = np.zeros(theta.shape)
        for index in np.ndindex(theta.shape):
            old = theta[index]
            theta[index] = old + 1e-6
            plus = _loss(_model_f(X, params)[0], y)[0]
            theta[index] = old - 1e-6
            minus = _loss(_model_f(X, params)[0], y)[0]
            theta[index] = old
            numeric[index] = (plus - minus) / 2e-6
        check.expect("d" + name in grads, fn="model_backward", case=case,
                     problem=f"grads has no key 'd{name}'.", hint='keys "dW1", "db1", "dW2", "db2", "dW3", "db3".')
        check.array(grads["d" + name], numeric, fn="model_backward", case=case, name="grads['d" + name + "']",
                    rtol=1e-5, atol=1e-7, hint="walk back through the layers in reverse order, each with its own cache.")
check.end_substitutes()                  # the notebook's own functions again
### END HIDDEN TESTS

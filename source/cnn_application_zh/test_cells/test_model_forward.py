### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
# model_forward is graded on its own: the notebook's layers are replaced by correct ones
# while it is tested (and put back afterwards).
_window = np.lib.stride_tricks.sliding_window_view
# reference: _conv_f
# reference: _pool_f
def _relu_f(Z):
    return np.maximum(Z, 0), Z
def _fc_f(A, W, b):
    return A @ W + b, (A, W, b)
check.substitute(conv_forward_fast=_conv_f, pool_forward_fast=_pool_f, relu_forward=_relu_f, fc_forward=_fc_f)
### END HIDDEN TESTS
# model_forward calls the layers above: they must be right first.
_x = np.random.default_rng(0).standard_normal((1, 4, 4, 2))
_w, _b = np.random.default_rng(1).standard_normal((3, 3, 2, 3)), np.full((1, 1, 1, 3), 0.1)
check.prerequisite("model_forward", "conv_forward_fast", lambda *a: conv_forward_fast(*a)[0], (_x, _w, _b, HP_CONV),
                   conv_forward_loop(_x, _w, _b, HP_CONV)[0])
check.prerequisite("model_forward", "pool_forward_fast", lambda *a: pool_forward_fast(*a)[0], (_x, HP_POOL),
                   pool_forward_loop(_x, HP_POOL, "max")[0])
check.prerequisite("model_forward", "relu_forward", lambda z: relu_forward(z)[0], (_x,), np.maximum(_x, 0))
check.prerequisite("model_forward", "fc_forward", lambda *a: fc_forward(*a)[0],
                   (_x.reshape(1, -1), np.ones((32, 2)), np.zeros((1, 2))), _x.reshape(1, -1) @ np.ones((32, 2)))
# Two images through a small float64 model (4 and 6 filters), compared with the same chain of
# the first assignment's loop layers.
parameters_small = initialize_parameters(seed=3, n_C1=4, n_C2=6, dtype=np.float64)
X_small = np.random.default_rng(5).random((2, 8, 8, 1))
case = "X (2, 8, 8, 1), 4 and 6 filters"
logits, caches = check.call(model_forward, X_small, parameters_small, fn="model_forward", case=case,
                            returns=("logits", "caches"))
Z1, _ = conv_forward_loop(X_small, parameters_small["W1"], parameters_small["b1"], HP_CONV)
P1, _ = pool_forward_loop(np.maximum(Z1, 0), HP_POOL, "max")
Z2, _ = conv_forward_loop(P1, parameters_small["W2"], parameters_small["b2"], HP_CONV)
P2, _ = pool_forward_loop(np.maximum(Z2, 0), HP_POOL, "max")
check.array(logits, P2.reshape(2, -1) @ parameters_small["W3"] + parameters_small["b3"], fn="model_forward",
            case=case, name="logits", hint="CONV -> RELU -> MAXPOOL -> CONV -> RELU -> MAXPOOL -> FLATTEN -> FC.")
order = "caches = (conv1, relu1, pool1, conv2, relu2, pool2, P2.shape, fc), in this order"
check.expect(type(caches) is tuple and len(caches) == 8, fn="model_forward", case=case,
             problem="caches should be a tuple of 8 items.", hint=order)
check.expect(type(caches[6]) is tuple and caches[6] == (2, 2, 2, 6), fn="model_forward", case=case,
             problem=f"caches[6] should be P2.shape = (2, 2, 2, 6), got {caches[6]!r}.", hint=order)
check.same_cache(caches[0], (X_small, parameters_small["W1"], parameters_small["b1"], HP_CONV), fn="model_forward",
                 case=case, names=("conv1: X", "W1", "b1", "HP_CONV"))
check.array(caches[4], Z2, fn="model_forward", case=case, name="caches[4] (relu2, the cache of the second relu: Z2)",
            hint=order)
print("logits:", logits.shape, " caches:", len(caches), "items; P2.shape =", caches[6])
print("logits[0] =", np.round(logits[0], 5))
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1313)
for m, n_C1, n_C2, dtype in [(3, 4, 6, np.float64), (2, 3, 5, np.float64), (4, 8, 8, np.float32)]:
    shapes = {"W1": (3, 3, 1, n_C1), "b1": (1, 1, 1, n_C1), "W2": (3, 3, n_C1, n_C2), "b2": (1, 1, 1, n_C2),
              "W3": (4 * n_C2, 10), "b3": (1, 10)}
    params = {k: (0.5 * rng.standard_normal(sh)).astype(dtype) for k, sh in shapes.items()}
    X = rng.random((m, 8, 8, 1)).astype(dtype)
    copies = {k: v.copy() for k, v in params.items()}
    case = check.describe(X=X, n_C1=n_C1, n_C2=n_C2)
    logits, caches = check.call(model_forward, X, params, fn="model_forward", case=case, returns=("logits", "caches"))
    Z1, _ = _conv_f(X.astype(np.float64), params["W1"].astype(np.float64), params["b1"].astype(np.float64), {"stride": 1, "pad": 1})
    P1, _ = _pool_f(np.maximum(Z1, 0), {"f": 2, "stride": 2})
    Z2, _ = _conv_f(P1, params["W2"].astype(np.float64), params["b2"].astype(np.float64), {"stride": 1, "pad": 1})
    P2, _ = _pool_f(np.maximum(Z2, 0), {"f": 2, "stride": 2})
    expected = P2.reshape(m, -1) @ params["W3"].astype(np.float64) + params["b3"].astype(np.float64)
    f32 = dtype == np.float32
    check.array(logits, expected, fn="model_forward", case=case, name="logits", rtol=1e-4 if f32 else 1e-7,
                atol=1e-5 if f32 else 1e-9, float32_ok=f32,
                hint="CONV -> RELU -> MAXPOOL -> CONV -> RELU -> MAXPOOL -> FLATTEN -> FC, with HP_CONV and HP_POOL.")
    order = "caches = (conv1, relu1, pool1, conv2, relu2, pool2, P2.shape, fc), in this order"
    check.expect(type(caches) is tuple and len(caches) == 8, fn="model_forward", case=case,
                 problem="caches should be a tuple of 8 items.", hint=order)
    check.expect(type(caches[6]) is tuple and caches[6] == P2.shape, fn="model_forward", case=case,
                 problem=f"caches[6] should be P2.shape = {P2.shape}.", hint=order)
    check.same_cache(caches[0], (X, params["W1"], params["b1"], HP_CONV), fn="model_forward", case=case,
                     names=("conv1: X", "W1", "b1", "HP_CONV"))
    check.array(caches[4], Z2, fn="model_forward", case=case, name="caches[4] (relu2: Z2)", rtol=1e-4 if f32 else 1e-7,
                atol=1e-5 if f32 else 1e-9, float32_ok=f32)
    for k, before in copies.items():
        check.unchanged(before, params[k], fn="model_forward", case=case, name=k)
check.end_substitutes()                  # the notebook's own functions again
### END HIDDEN TESTS

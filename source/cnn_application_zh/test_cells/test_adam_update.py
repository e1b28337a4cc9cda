### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
params = {"W": np.array([[1.0, -2.0], [3.0, 0.5]]), "b": np.array([[0.1, -0.1]])}
grads = {"dW": np.array([[0.5, -1.0], [0.0, 2.0]]), "db": np.array([[1e-3, -1e-3]])}
v, s = adam_init(params)
case = "t = 1, learning_rate 0.01"
new_params, v, s = check.call(adam_update, params, grads, v, s, 1, 0.01, fn="adam_update", case=case,
                              returns=("parameters", "v", "s"))
check.array(new_params["W"], [[0.99, -1.99], [3.0, 0.49]], fn="adam_update", case=case, name="parameters['W']",
            rtol=1e-6, hint="with the bias correction v_hat = v / (1 - beta1 ** t), s_hat = s / (1 - beta2 ** t), at t = 1 "
                 "v_hat = g and s_hat = g^2, so every parameter moves by about learning_rate.")
check.array(v["dW"], [[0.05, -0.1], [0.0, 0.2]], fn="adam_update", case=case, name="v['dW']", hint="v = beta1 v + (1 - beta1) g")
check.array(s["dW"], [[0.00025, 0.001], [0.0, 0.004]], fn="adam_update", case=case, name="s['dW']",
            hint="s = beta2 s + (1 - beta2) g^2")
case = "t = 2, the same gradients again"
new_params, v, s = check.call(adam_update, new_params, grads, v, s, 2, 0.01, fn="adam_update", case=case,
                              returns=("parameters", "v", "s"))
check.array(new_params["W"], [[0.98, -1.98], [3.0, 0.48]], fn="adam_update", case=case, name="parameters['W']",
            rtol=1e-6)
check.array(new_params["b"], [[0.080000199998, -0.080000199998]], fn="adam_update", case=case, name="parameters['b']",
            hint="correct the bias with the step number t: v / (1 - beta1 ** t), s / (1 - beta2 ** t).")
print("W after two steps:", new_params["W"].tolist())
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1515)
for t, lr, beta1, beta2, eps, dtype in [(1, 1e-3, 0.9, 0.999, 1e-8, np.float64), (7, 2e-3, 0.8, 0.99, 1e-6, np.float64),
                                        (30, 5e-3, 0.9, 0.999, 1e-8, np.float32)]:
    shapes = {"W1": (3, 3, 1, 4), "b1": (1, 1, 1, 4), "W3": (16, 10), "b3": (1, 10)}
    params = {k: rng.standard_normal(sh).astype(dtype) for k, sh in shapes.items()}
    grads = {"d" + k: rng.standard_normal(sh).astype(dtype) for k, sh in shapes.items()}
    v = {"d" + k: (0.1 * rng.standard_normal(sh)).astype(dtype) for k, sh in shapes.items()}
    s = {"d" + k: (0.1 * rng.random(sh)).astype(dtype) for k, sh in shapes.items()}
    expected = {}
    for k in shapes:
        g, v0, s0 = (x.astype(np.float64) for x in (grads["d" + k], v["d" + k], s["d" + k]))
        v1, s1 = beta1 * v0 + (1 - beta1) * g, beta2 * s0 + (1 - beta2) * g * g
        theta = params[k].astype(np.float64) - lr * (v1 / (1 - beta1 ** t)) / (np.sqrt(s1 / (1 - beta2 ** t)) + eps)
        expected[k] = (theta, v1, s1)
    case = check.describe(t=t, learning_rate=lr, beta1=beta1, beta2=beta2, epsilon=eps, dtype=np.dtype(dtype).name)
    new_params, new_v, new_s = check.call(adam_update, params, grads, v, s, t, lr, beta1, beta2, eps, fn="adam_update",
                                          case=case, returns=("parameters", "v", "s"))
    f32 = dtype == np.float32
    for k, (theta, v1, s1) in expected.items():
        for got, want, name in [(new_params[k], theta, f"parameters['{k}']"), (new_v["d" + k], v1, f"v['d{k}']"),
                                (new_s["d" + k], s1, f"s['d{k}']")]:
            check.array(got, want, fn="adam_update", case=case, name=name, rtol=1e-4 if f32 else 1e-7,
                        atol=1e-6 if f32 else 1e-10, float32_ok=f32,
                        hint="use the arguments beta1, beta2, epsilon and t (not fixed numbers).")
### END HIDDEN TESTS

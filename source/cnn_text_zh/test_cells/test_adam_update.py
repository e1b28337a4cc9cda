### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
params_v = {"W": np.array([[1.0, -2.0]]), "E": np.array([[0.5, 0.5]])}
grads_v = {"dW": np.array([[0.5, -1.0]])}                     # no "dE": E stays as it is
state_v = adam_init(params_v)
case = "one step, learning_rate 0.1, grads for W only"
new_params, state_v = check.call(adam_update, params_v, grads_v, state_v, 0.1, fn="adam_update", case=case,
                                 returns=("parameters", "state"))
check.expect(state_v["t"] == 1, fn="adam_update", case=case, problem=f"state['t'] is {state_v['t']} after one step.",
             hint="increase state['t'] by one at each step, before using it.")
check.array(new_params["W"], [[0.9, -1.9]], fn="adam_update", case=case, name='parameters["W"]', rtol=1e-6,
            hint="at t = 1 the bias-corrected m_hat = g and v_hat = g^2: every parameter moves by about learning_rate.")
check.array(new_params["E"], [[0.5, 0.5]], fn="adam_update", case=case, name='parameters["E"]',
            hint="a parameter without a gradient (no 'dE' in grads) stays as it is.")
print('W after one step:', new_params["W"].tolist())
### BEGIN HIDDEN TESTS
rng = np.random.default_rng(1313)
for steps, lr, beta1, beta2, eps, dtype in [(1, 1e-3, 0.9, 0.999, 1e-8, np.float64), (4, 2e-3, 0.8, 0.99, 1e-6, np.float64),
                                            (3, 5e-3, 0.9, 0.999, 1e-8, np.float32)]:
    shapes = {"E": (6, 3), "W3": (3, 3, 2), "b3": (1, 2), "W": (6, 2), "b": (1, 2)}
    params = {k: rng.standard_normal(sh).astype(dtype) for k, sh in shapes.items()}
    expected = {k: v.astype(np.float64) for k, v in params.items()}
    m_ref = {k: np.zeros(sh) for k, sh in shapes.items()}
    v_ref = {k: np.zeros(sh) for k, sh in shapes.items()}
    state = {"t": 0, "m": {k: np.zeros(sh, dtype) for k, sh in shapes.items()},
             "v": {k: np.zeros(sh, dtype) for k, sh in shapes.items()}}
    case = check.describe(steps=steps, learning_rate=lr, beta1=beta1, beta2=beta2, epsilon=eps, dtype=np.dtype(dtype).name)
    f32 = dtype == np.float32
    for t in range(1, steps + 1):
        grads = {"d" + k: rng.standard_normal(sh).astype(dtype) for k, sh in shapes.items() if k != "E"}
        for k in shapes:
            if "d" + k in grads:
                g = grads["d" + k].astype(np.float64)
                m_ref[k] = beta1 * m_ref[k] + (1 - beta1) * g
                v_ref[k] = beta2 * v_ref[k] + (1 - beta2) * g * g
                expected[k] = expected[k] - lr * (m_ref[k] / (1 - beta1 ** t)) / (np.sqrt(v_ref[k] / (1 - beta2 ** t)) + eps)
        params, state = check.call(adam_update, params, grads, state, lr, beta1, beta2, eps, fn="adam_update",
                                   case=case + f", step {t}", returns=("parameters", "state"))
        check.expect(type(params) is dict and set(params) == set(shapes) and type(state) is dict, fn="adam_update",
                     case=case + f", step {t}", problem="should return (parameters, state): a dict of every parameter "
                     "and the state dict.", hint="return the parameters without a gradient too (unchanged).")
        check.expect(state.get("t") == t, fn="adam_update", case=case + f", step {t}",
                     problem=f"state['t'] is {state.get('t')!r} after step {t}.", hint="state['t'] += 1 at each step.")
        for k in shapes:
            check.array(params[k], expected[k], fn="adam_update", case=case + f", step {t}", name=f'parameters["{k}"]',
                        rtol=1e-4 if f32 else 1e-7, atol=1e-6 if f32 else 1e-10, float32_ok=f32,
                        hint="a parameter without a gradient stays as it is." if k == "E" else
                        "use the arguments beta1, beta2, epsilon and the step number state['t'] (bias correction "
                        "1 - beta ** t).")
### END HIDDEN TESTS

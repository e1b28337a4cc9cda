# updates the parameters' arrays and the moments in place
def adam_init(parameters):
    """Adam's state: step 0, moving averages m and v of zeros for each parameter."""
    return {"t": 0, "m": {name: np.zeros_like(value) for name, value in parameters.items()},
            "v": {name: np.zeros_like(value) for name, value in parameters.items()}}


def adam_update(parameters, grads, state, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8):
    state["t"] = t = state["t"] + 1
    for name, value in parameters.items():
        g = grads.get("d" + name)
        if g is None:
            continue
        state["m"][name] *= beta1
        state["m"][name] += (1 - beta1) * g
        state["v"][name] *= beta2
        state["v"][name] += (1 - beta2) * g ** 2
        value -= learning_rate * (state["m"][name] / (1 - beta1 ** t)) / (np.sqrt(state["v"][name] / (1 - beta2 ** t)) + epsilon)
    return parameters, state

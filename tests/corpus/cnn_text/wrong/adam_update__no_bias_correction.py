# uses m and v without the bias correction
# hint: bias-corrected
def adam_init(parameters):
    """Adam's state: step 0, moving averages m and v of zeros for each parameter."""
    return {"t": 0, "m": {name: np.zeros_like(value) for name, value in parameters.items()},
            "v": {name: np.zeros_like(value) for name, value in parameters.items()}}


def adam_update(parameters, grads, state, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """
    One Adam step.

    Arguments:
    parameters -- dict name -> array
    grads -- dict "d" + name -> array of the same shape, for the parameters to update
    state -- dict with "t" (int) and "m", "v" (dicts name -> array), from adam_init or the last step
    learning_rate, beta1, beta2, epsilon -- Adam's hyperparameters

    Returns:
    parameters -- dict name -> array, updated (those without a gradient unchanged)
    state -- "t" one more, "m" and "v" updated for the parameters with a gradient
    """
    # (about 8 lines)
    state["t"] += 1
    t = state["t"]
    new = dict(parameters)
    for name in parameters:
        if "d" + name not in grads:
            continue
        g = grads["d" + name]
        state["m"][name] = beta1 * state["m"][name] + (1 - beta1) * g
        state["v"][name] = beta2 * state["v"][name] + (1 - beta2) * g * g
        m_hat = state["m"][name]
        v_hat = state["v"][name]
        new[name] = parameters[name] - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)
    return new, state

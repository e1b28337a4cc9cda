# skips the bias correction
def adam_update(parameters, grads, v, s, t, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """
    One step of Adam.

    Arguments:
    parameters -- dict name -> array ("W1", "b1", ...)
    grads -- dict "d" + name -> gradient, same shapes
    v, s -- dicts "d" + name -> first and second moment estimates (zeros at the start, see adam_init)
    t -- the step number, starting at 1
    learning_rate, beta1, beta2, epsilon -- Adam's hyperparameters

    Returns:
    parameters, v, s -- updated (the dicts may be updated in place and returned)
    """
    # (about 7 lines)
    for name, theta in parameters.items():
        g = grads["d" + name]
        v["d" + name] = beta1 * v["d" + name] + (1 - beta1) * g
        s["d" + name] = beta2 * s["d" + name] + (1 - beta2) * g * g
        v_hat = v["d" + name]
        s_hat = s["d" + name]
        parameters[name] = (theta - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)).astype(theta.dtype)
    return parameters, v, s

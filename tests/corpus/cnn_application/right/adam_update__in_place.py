# updates the parameters and moments in place
def adam_update(parameters, grads, v, s, t, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8):
    for key in parameters:
        g = grads["d" + key]
        v["d" + key] *= beta1
        v["d" + key] += (1 - beta1) * g
        s["d" + key] *= beta2
        s["d" + key] += (1 - beta2) * np.square(g)
        step = learning_rate * (v["d" + key] / (1 - beta1 ** t)) / (np.sqrt(s["d" + key] / (1 - beta2 ** t)) + epsilon)
        parameters[key] -= step.astype(parameters[key].dtype)
    return parameters, v, s

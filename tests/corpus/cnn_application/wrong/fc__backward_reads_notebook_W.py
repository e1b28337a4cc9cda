# takes A and b from the cache but W from the notebook's variable W
def fc_forward(A, W, b):
    Z = A @ W + b
    cache = (A, W, b)
    return Z, cache


def fc_backward(dZ, cache):
    A, _, b = cache
    dA = dZ @ W.T
    dW = A.T @ dZ
    db = dZ.sum(axis=0, keepdims=True)
    return dA, dW, db

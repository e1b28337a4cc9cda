# drops entries but does not divide the kept ones by 1 - p
# hint: divide the kept entries by 1 - p
def dropout_forward(X, p, rng, train=True):
    """
    Inverted dropout.

    Arguments:
    X -- numpy array of any shape
    p -- probability of dropping each entry, 0 <= p < 1
    rng -- numpy random Generator (np.random.default_rng(...)), the only source of randomness
    train -- bool: drop only while training

    Returns:
    out -- training (p > 0): X * mask, mask 1 / (1 - p) for the entries kept and 0 for those
           dropped; otherwise X itself
    cache -- the mask (an array of the shape of X), or None when nothing was dropped
    """
    # (about 4 lines)
    if not train or p == 0:
        return X, None
    mask = (rng.random(X.shape) >= p) * 1.0
    out = X * mask
    return out, mask


def dropout_backward(dout, cache):
    """
    Backward pass of dropout_forward.

    Arguments:
    dout -- gradient of the cost with respect to out, the shape of X
    cache -- the mask from dropout_forward, or None

    Returns:
    dX -- gradient with respect to X: dout * mask, or dout when the cache is None
    """
    # (1 or 2 lines)
    dX = dout if cache is None else dout * cache
    return dX

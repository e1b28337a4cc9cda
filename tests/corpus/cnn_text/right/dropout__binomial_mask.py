# draws the mask with rng.binomial
def dropout_forward(X, p, rng, train=True):
    if train and p > 0:
        mask = rng.binomial(1, 1 - p, size=X.shape) / (1 - p)
        return X * mask, mask
    return X, None


def dropout_backward(dout, cache):
    if cache is None:
        return dout
    return dout * cache

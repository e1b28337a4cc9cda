# exponentiates the raw logits (overflows on large ones)
def softmax_cross_entropy(logits, y, label_smoothing=0.0):
    """
    Mean softmax cross-entropy of a batch, and its gradient with respect to the logits.

    Arguments:
    logits -- numpy array of shape (m, K), K classes
    y -- integer labels, shape (m,), values in 0..K-1
    label_smoothing -- epsilon in [0, 1): the target is (1 - epsilon) one_hot(y) + epsilon / K

    Returns:
    loss -- the mean cross-entropy, a Python float
    dlogits -- gradient of the loss with respect to logits, shape (m, K): (softmax(logits) - target) / m
    """
    # (about 7 lines)
    m, K = logits.shape
    shifted = logits
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    target = np.full(logits.shape, label_smoothing / K, dtype=logits.dtype)
    target[np.arange(m), y] += 1.0 - label_smoothing
    loss = float(-np.sum(target * log_probs) / m)
    dlogits = (np.exp(log_probs) - target) / m
    return loss, dlogits

# sums the loss and the gradient over the sentences
# hint: the MEAN over the sentences
def softmax_loss(logits, y):
    """
    Mean softmax cross-entropy and its gradient.

    Arguments:
    logits -- shape (m, C), the scores of C classes for m sentences
    y -- int array of shape (m,), the right class of each sentence, 0 .. C - 1

    Returns:
    loss -- float, the mean over the m sentences of -log(softmax(logits[i])[y[i]])
    dlogits -- shape (m, C), the gradient of loss with respect to logits
    """
    # (about 6 lines)
    m = logits.shape[0]
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(m), y].sum()
    dlogits = np.exp(log_p)
    dlogits[np.arange(m), y] -= 1
    return float(loss), dlogits

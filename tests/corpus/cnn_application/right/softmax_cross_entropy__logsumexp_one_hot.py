# log-sum-exp with a one-hot matrix built by np.eye
def softmax_cross_entropy(logits, y, label_smoothing=0.0):
    m, K = logits.shape
    z_max = np.max(logits, axis=1, keepdims=True)
    log_sum = z_max + np.log(np.sum(np.exp(logits - z_max), axis=1, keepdims=True))
    log_probs = logits - log_sum
    target = (1 - label_smoothing) * np.eye(K)[y] + label_smoothing / K
    loss = -np.mean(np.sum(target * log_probs, axis=1))
    dlogits = (np.exp(log_probs) - target) / m
    return loss, dlogits

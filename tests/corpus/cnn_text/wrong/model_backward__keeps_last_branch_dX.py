# keeps only the last branch's dX for the embedding
# hint: dX add up (dX = dX3 + dX4 + dX5) before embedding_backward
def model_backward(dlogits, cache):
    """
    Backward pass of model_forward.

    Arguments:
    dlogits -- gradient of the cost with respect to the logits, shape (m, 2)
    cache -- from model_forward

    Returns:
    grads -- dict: "dE", "dW3", "db3", "dW4", "db4", "dW5", "db5", "dW", "db", each the shape
             of its parameter
    """
    # (about 14 lines)
    embedding_cache, branch_caches, dropout_cache, fc_cache = cache
    grads = {}
    dH_drop, grads["dW"], grads["db"] = fc_backward(dlogits, fc_cache)
    dH = dropout_backward(dH_drop, dropout_cache)
    dX, start = 0, 0
    for w, (conv_cache, relu_cache, pool_cache) in zip(WIDTHS, branch_caches):
        F = conv_cache[1].shape[2]
        dA = max_over_time_backward(dH[:, start:start + F], pool_cache)
        start += F
        dZ = relu_backward(dA, relu_cache)
        dX_w, grads[f"dW{w}"], grads[f"db{w}"] = conv1d_backward(dZ, conv_cache)
        dX = dX_w
    grads["dE"] = embedding_backward(dX, embedding_cache)
    return grads

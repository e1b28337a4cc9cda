# back-propagates max pooling as average pooling
def model_backward(dlogits, caches):
    """
    Backward pass of the model.

    Arguments:
    dlogits -- gradient of the loss with respect to the logits, shape (m, n_classes)
    caches -- from model_forward: (conv1, relu1, pool1, conv2, relu2, pool2, P2_shape, fc)

    Returns:
    grads -- dict with "dW1", "db1", "dW2", "db2", "dW3", "db3", each of the shape of its parameter
    """
    # (about 10 lines)
    conv1, relu1, pool1, conv2, relu2, pool2, P2_shape, fc = caches
    grads = {}
    dF, grads["dW3"], grads["db3"] = fc_backward(dlogits, fc)
    dA2 = pool_backward_fast(dF.reshape(P2_shape), pool2, "average")
    dZ2 = relu_backward(dA2, relu2)
    dP1, grads["dW2"], grads["db2"] = conv_backward_fast(dZ2, conv2)
    dA1 = pool_backward_fast(dP1, pool1, "max")
    dZ1 = relu_backward(dA1, relu1)
    _, grads["dW1"], grads["db1"] = conv_backward_fast(dZ1, conv1)
    return grads

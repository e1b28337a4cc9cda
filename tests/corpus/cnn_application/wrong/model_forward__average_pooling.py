# uses average pooling
def model_forward(X, parameters):
    """
    Forward pass of CONV -> RELU -> MAXPOOL -> CONV -> RELU -> MAXPOOL -> FLATTEN -> FC.

    Arguments:
    X -- input images, shape (m, n_H, n_W, n_C_in)
    parameters -- dict from initialize_parameters

    Returns:
    logits -- shape (m, n_classes)
    caches -- (conv1, relu1, pool1, conv2, relu2, pool2, P2.shape, fc), for model_backward
    """
    # (about 9 lines)
    Z1, conv1 = conv_forward_fast(X, parameters["W1"], parameters["b1"], HP_CONV)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = pool_forward_fast(A1, HP_POOL, "average")
    Z2, conv2 = conv_forward_fast(P1, parameters["W2"], parameters["b2"], HP_CONV)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = pool_forward_fast(A2, HP_POOL, "max")
    F = P2.reshape(P2.shape[0], -1)
    logits, fc = fc_forward(F, parameters["W3"], parameters["b3"])
    caches = (conv1, relu1, pool1, conv2, relu2, pool2, P2.shape, fc)
    return logits, caches

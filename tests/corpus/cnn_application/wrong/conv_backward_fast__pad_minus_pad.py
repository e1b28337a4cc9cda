# removes the padding with [pad:-pad] (empty when pad = 0)
def conv_backward_fast(dZ, cache):
    """
    Vectorized backward pass of a convolution layer.

    Arguments:
    dZ -- gradient of the cost with respect to the output of the conv layer (Z), shape (m, n_H, n_W, n_C)
    cache -- (A_prev, W, b, hparameters), output of conv_forward_fast

    Returns:
    dA_prev -- gradient of the cost with respect to A_prev, shape (m, n_H_prev, n_W_prev, n_C_prev)
    dW -- gradient of the cost with respect to W, shape (f, f, n_C_prev, n_C)
    db -- gradient of the cost with respect to b, shape (1, 1, 1, n_C)
    """
    # (about 12 lines)
    A_prev, W, b, hparameters = cache
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    _, n_H, n_W, _ = dZ.shape
    A_pad = zero_pad(A_prev, pad)
    windows = np.lib.stride_tricks.sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, f * f * n_C_prev)
    dZ_rows = dZ.reshape(m * n_H * n_W, n_C)
    dW = (cols.T @ dZ_rows).reshape(f, f, n_C_prev, n_C)
    db = dZ_rows.sum(axis=0).reshape(1, 1, 1, n_C)
    dA_pad = np.zeros(A_pad.shape, dtype=np.result_type(dZ.dtype, W.dtype))
    for p in range(f):
        for q in range(f):
            dA_pad[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :] += dZ @ W[p, q].T
    dA_prev = dA_pad[:, pad:-pad, pad:-pad, :]
    return dA_prev, dW, db

# overwrites overlapping windows' gradients
def pool_backward_fast(dA, cache, mode="max"):
    """
    Vectorized backward pass of a pooling layer.

    Arguments:
    dA -- gradient of cost with respect to the output of the pooling layer, shape (m, n_H, n_W, n_C)
    cache -- (A_prev, hparameters), output of pool_forward_fast
    mode -- the pooling mode, "max" or "average" ("avg" is accepted too)

    Returns:
    dA_prev -- gradient of cost with respect to the input of the pooling layer, shape of A_prev
    """
    # (about 10 lines)
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H, n_W, n_C = dA.shape
    windows = np.lib.stride_tricks.sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    if mode == "max":
        share = (windows == windows.max(axis=(4, 5), keepdims=True)) * dA[..., None, None]
    else:
        share = np.broadcast_to(dA[..., None, None] / (f * f), windows.shape)
    dA_prev = np.zeros(A_prev.shape, dtype=np.result_type(dA.dtype, A_prev.dtype))
    for p in range(f):
        for q in range(f):
            dA_prev[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :] = share[..., p, q]
    return dA_prev

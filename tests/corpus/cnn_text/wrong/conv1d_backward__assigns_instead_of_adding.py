# overwrites overlapping windows' gradients
# hint: the windows overlap, so add (+=)
def conv1d_backward(dZ, cache):
    """
    Backward pass of conv1d_forward, vectorized (a loop over the w filter rows is fine).

    Arguments:
    dZ -- gradient of the cost with respect to Z, shape (m, T - w + 1, F)
    cache -- (X, W, b) from conv1d_forward

    Returns:
    dX -- gradient with respect to X, shape (m, T, d)
    dW -- gradient with respect to W, shape (w, d, F)
    db -- gradient with respect to b, shape (1, F)
    """
    # (about 10 lines)
    X, W, b = cache
    m, T, d = X.shape
    w, _, F = W.shape
    n_T = dZ.shape[1]
    windows = np.lib.stride_tricks.sliding_window_view(X, w, axis=1)
    rows = windows.transpose(0, 1, 3, 2).reshape(m * n_T, w * d)
    dW = (rows.T @ dZ.reshape(m * n_T, F)).reshape(w, d, F)
    db = dZ.sum(axis=(0, 1)).reshape(1, F)
    dX = np.zeros(X.shape, dtype=np.result_type(dZ, W))
    for p in range(w):
        dX[:, p:p + n_T, :] = dZ @ W[p].T
    return dX, dW, db

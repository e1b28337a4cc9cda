# reshapes the (d, w) windows against W's (w, d) order
# hint: the window's w axis last
def conv1d_forward(X, W, b):
    """
    Convolution over time of a batch of sentences (stride 1, no padding), vectorized.

    Arguments:
    X -- word vectors, shape (m, T, d)
    W -- weights of F filters of width w, shape (w, d, F)
    b -- biases, shape (1, F)

    Returns:
    Z -- shape (m, T - w + 1, F): Z[i, t, k] = sum(X[i, t:t + w, :] * W[:, :, k]) + b[0, k]
    cache -- (X, W, b), for conv1d_backward
    """
    # (4 to 6 lines)
    m, T, d = X.shape
    w, _, F = W.shape
    n_T = T - w + 1
    windows = np.lib.stride_tricks.sliding_window_view(X, w, axis=1)      # (m, n_T, d, w)
    rows = windows.reshape(m * n_T, w * d)          # one window per row, ordered as W
    Z = (rows @ W.reshape(w * d, F)).reshape(m, n_T, F) + b.reshape(1, 1, F)
    return Z, (X, W, b)

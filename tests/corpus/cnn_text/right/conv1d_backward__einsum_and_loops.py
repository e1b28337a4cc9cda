# einsum for dW, a loop over sentences and offsets for dX
def conv1d_backward(dZ, cache):
    X, W, b = cache
    w = W.shape[0]
    n_T = dZ.shape[1]
    windows = np.lib.stride_tricks.sliding_window_view(X, w, axis=1)[:, :n_T]
    dW = np.einsum("mtdp,mtk->pdk", windows, dZ)
    db = np.sum(dZ, axis=(0, 1), keepdims=True)[0]
    dX = np.zeros(X.shape, dtype=np.result_type(dZ, W))
    for i in range(X.shape[0]):
        for p in range(w):
            dX[i, p:p + n_T] += dZ[i] @ W[p].T
    return dX, dW, db

# dW by einsum, dA_prev by np.add.at over the window offsets, float64 out
def conv_backward_fast(dZ, cache):
    A_prev, W, b, hparameters = cache
    stride, pad = hparameters["stride"], hparameters["pad"]
    f = W.shape[0]
    m, n_H, n_W, n_C = dZ.shape
    A_pad = np.pad(A_prev.astype(np.float64), ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    dW = np.einsum("mhwcpq,mhwk->pqck", windows, dZ)
    db = np.sum(dZ, axis=(0, 1, 2), keepdims=True)
    dA_pad = np.zeros(A_pad.shape)
    rows = np.arange(n_H) * stride
    cols = np.arange(n_W) * stride
    for p in range(f):
        for q in range(f):
            np.add.at(dA_pad, (slice(None), (rows + p)[:, None], (cols + q)[None, :]), dZ @ W[p, q].T)
    return dA_pad[:, pad:pad + A_prev.shape[1], pad:pad + A_prev.shape[2], :], dW, db

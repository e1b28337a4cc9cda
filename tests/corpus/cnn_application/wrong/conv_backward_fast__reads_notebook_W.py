# unpacks the cache but uses the notebook's variable W for dA_prev
def conv_backward_fast(dZ, cache):
    A_prev, W_cache, b, hparameters = cache
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W_cache.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    _, n_H, n_W, _ = dZ.shape
    A_pad = zero_pad(A_prev, pad)
    windows = np.lib.stride_tricks.sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, f * f * n_C_prev)
    dZ_rows = dZ.reshape(m * n_H * n_W, n_C)
    dW = (cols.T @ dZ_rows).reshape(f, f, n_C_prev, n_C)
    db = dZ_rows.sum(axis=0).reshape(1, 1, 1, n_C)
    dA_pad = np.zeros(A_pad.shape, dtype=np.result_type(dZ.dtype, W_cache.dtype))
    for p in range(f):
        for q in range(f):
            dA_pad[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :] += dZ @ W[p, q].T
    dA_prev = dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
    return dA_prev, dW, db

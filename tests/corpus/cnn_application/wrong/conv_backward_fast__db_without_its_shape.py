# conv_backward_fast: db = dZ summed over axes (0, 1, 2) but left flat, shape (n_C,)
# hint: keeping shape (1, 1, 1, n_C)
def conv_backward_fast(dZ, cache):
    A_prev, W, b, hparameters = cache
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    _, n_H, n_W, _ = dZ.shape
    A_pad = zero_pad(A_prev, pad)
    windows = np.lib.stride_tricks.sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    dW = np.tensordot(windows, dZ, axes=([0, 1, 2], [0, 1, 2])).transpose(1, 2, 0, 3)
    db = dZ.sum(axis=(0, 1, 2))
    dA_pad = np.zeros(A_pad.shape)
    for p in range(f):
        for q in range(f):
            dA_pad[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :] += dZ @ W[p, q].T
    return dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :], dW, db

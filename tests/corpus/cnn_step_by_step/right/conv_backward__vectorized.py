# conv_backward: vectorized, einsum for dW, scatter-add over the f x f offsets for dA_prev
from numpy.lib.stride_tricks import sliding_window_view
def conv_backward(dZ, cache):
    A_prev, W, b, hparameters = cache
    stride, pad = hparameters["stride"], hparameters["pad"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f = W.shape[0]
    _, n_H, n_W, n_C = dZ.shape
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride][:, :n_H, :n_W]
    dW = np.einsum("mhwcpq,mhwk->pqck", windows, dZ)
    db = dZ.sum(axis=(0, 1, 2), keepdims=True)
    dA_pad = np.zeros(A_pad.shape, dtype=np.result_type(dZ, W))
    for p in range(f):
        for q in range(f):
            dA_pad[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :] += dZ @ W[p, q].T
    return dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :], dW, db

# conv_forward: im2col, one matrix product
def conv_forward(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    A_pad = zero_pad(A_prev, pad)
    columns = np.empty((m, n_H, n_W, f, f, n_C_prev), dtype=A_pad.dtype)
    for p in range(f):
        for q in range(f):
            columns[:, :, :, p, q, :] = A_pad[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :]
    Z = columns.reshape(m * n_H * n_W, -1) @ W.reshape(-1, n_C) + b.reshape(1, n_C)
    return Z.reshape(m, n_H, n_W, n_C), (A_prev, W, b, hparameters)

# conv_forward: loops in another order (c, w, h, i), float64 result with np.zeros
def conv_forward(A_prev, W, b, hparameters):
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = int((n_H_prev - f + 2 * pad) / stride) + 1
    n_W = int((n_W_prev - f + 2 * pad) / stride) + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for c in range(n_C):
        for w in range(n_W):
            for h in range(n_H):
                for i in range(m):
                    vert_start, horiz_start = h * stride, w * stride
                    a_slice_prev = A_prev_pad[i, vert_start:vert_start + f, horiz_start:horiz_start + f, :]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[..., c], b[..., c])
    cache = (A_prev, W, b, hparameters)
    return Z, cache

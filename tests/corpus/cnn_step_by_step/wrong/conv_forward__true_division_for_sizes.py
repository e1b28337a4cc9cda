# conv_forward: n_H and n_W with / instead of //, so they are floats
# hint: use // (n_H
def conv_forward(A_prev, W, b, hparameters):
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) / stride + 1
    n_W = (n_W_prev + 2 * pad - f) / stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        for h in range(int(n_H)):
            for w in range(int(n_W)):
                for c in range(n_C):
                    vs, hs = h * stride, w * stride
                    Z[i, h, w, c] = conv_single_step(A_prev_pad[i, vs:vs + f, hs:hs + f, :], W[..., c], b[..., c])
    cache = (A_prev, W, b, hparameters)
    return Z, cache

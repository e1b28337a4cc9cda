# pooling with a float mask, computing in the input dtype
def pool_backward_fast(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    n_H, n_W = dA.shape[1:3]
    windows = np.lib.stride_tricks.sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    dA_prev = np.zeros_like(A_prev, dtype=np.result_type(A_prev, dA))
    for p in range(f):
        for q in range(f):
            if mode == "max":
                part = (windows[..., p, q] == windows.max(axis=(4, 5))).astype(dA.dtype) * dA
            else:
                part = dA / (f * f)
            dA_prev[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :] += part
    return dA_prev

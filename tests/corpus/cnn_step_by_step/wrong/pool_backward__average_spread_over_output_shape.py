# pool_backward: distribute_value(da, (n_H, n_W)) instead of (f, f) for average pooling
# hint: distribute_value(da, (f, f)), not (n_H, n_W)
def pool_backward(dA, cache, mode="max"):
    (A_prev, hparameters) = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        a_prev = A_prev[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start, horiz_start = h * stride, w * stride
                    vert_end, horiz_end = vert_start + f, horiz_start + f
                    if mode == "max":
                        mask = create_mask_from_window(a_prev[vert_start:vert_end, horiz_start:horiz_end, c])
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += mask * dA[i, h, w, c]
                    else:
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += distribute_value(dA[i, h, w, c], (n_H, n_W))
    return dA_prev

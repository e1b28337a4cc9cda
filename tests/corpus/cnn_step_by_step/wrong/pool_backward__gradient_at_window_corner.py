# pool_backward: reads the gradient at the window corner dA[i, vert_start, horiz_start, c] (seed bug)
def pool_backward(dA, cache, mode="max"):
    if mode == "avg":
        mode = "average"
    (A_prev, hparameters) = cache
    stride, f = hparameters["stride"], hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vs, hs = h * stride, w * stride
                    da = dA[i, min(vs, n_H - 1), min(hs, n_W - 1), c]
                    if mode == "max":
                        mask = create_mask_from_window(A_prev[i, vs:vs + f, hs:hs + f, c])
                        dA_prev[i, vs:vs + f, hs:hs + f, c] += mask * da
                    else:
                        dA_prev[i, vs:vs + f, hs:hs + f, c] += distribute_value(da, (f, f))
    return dA_prev

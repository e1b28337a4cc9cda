# pool_backward: max via argmax/unravel_index, loops in another order; handles "avg" itself
def pool_backward(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros_like(A_prev, dtype=np.float64)
    for c in range(n_C):
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    vs, hs = h * stride, w * stride
                    if mode == "max":
                        window = A_prev[i, vs:vs + f, hs:hs + f, c]
                        p, q = np.unravel_index(np.argmax(window), window.shape)
                        dA_prev[i, vs + p, hs + q, c] += dA[i, h, w, c]
                    elif mode in ("average", "avg"):
                        dA_prev[i, vs:vs + f, hs:hs + f, c] += dA[i, h, w, c] / (f * f)
    return dA_prev

# np.take forward, a loop over the positions backward
def embedding_forward(ids, E):
    return np.take(E, ids, axis=0), (ids, E)


def embedding_backward(dX, cache):
    ids, E = cache
    dE = np.zeros_like(E, dtype=np.result_type(dX, E))
    m, T = ids.shape
    for i in range(m):
        for t in range(T):
            dE[ids[i, t]] += dX[i, t]
    return dE

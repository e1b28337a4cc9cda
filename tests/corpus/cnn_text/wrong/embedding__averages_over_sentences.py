# divides the gradient by the number of sentences
# hint: do not divide by the number of sentences
def embedding_forward(ids, E):
    """
    Look up the word vectors of a batch.

    Arguments:
    ids -- int array of shape (m, T), token ids in 0 .. V - 1
    E -- embedding matrix of shape (V, d)

    Returns:
    X -- array of shape (m, T, d), X[i, t] = E[ids[i, t]], the dtype of E
    cache -- (ids, E), for embedding_backward
    """
    # (1 line)
    X = E[ids]
    return X, (ids, E)


def embedding_backward(dX, cache):
    """
    Backward pass of the embedding lookup.

    Arguments:
    dX -- gradient of the cost with respect to X, shape (m, T, d)
    cache -- (ids, E) from embedding_forward

    Returns:
    dE -- gradient of the cost with respect to E, shape (V, d): row j is the sum of dX[i, t]
          over every (i, t) with ids[i, t] == j
    """
    # (3 lines)
    ids, E = cache
    dE = np.zeros(E.shape, dtype=np.result_type(dX, E))
    np.add.at(dE, ids.reshape(-1), dX.reshape(-1, E.shape[1]))
    dE = dE / ids.shape[0]
    return dE

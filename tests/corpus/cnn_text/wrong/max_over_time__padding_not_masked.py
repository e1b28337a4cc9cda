# takes the maximum over every position, padding included
# hint: sentence 0's position 3 (the 9.0) is padding
def max_over_time_forward(A, lengths):
    """
    Max pooling over time, ignoring the positions past each sentence's end.

    Arguments:
    A -- shape (m, n_T, F), n_T positions of F filters
    lengths -- int array of shape (m,), each >= 1: only positions t < lengths[i] count

    Returns:
    P -- shape (m, F), P[i, k] = max of A[i, t, k] over t < lengths[i] (t < n_T)
    cache -- (A.shape, positions), positions: int array (m, F), the first t reaching the maximum
    """
    # (4 or 5 lines)
    m, n_T, F = A.shape
    valid = np.arange(n_T)[None, :] < lengths[:, None]                     # (m, n_T)
    positions = np.argmax(A, axis=1)  # (m, F): the first maximum
    P = np.take_along_axis(A, positions[:, None, :], axis=1)[:, 0, :]
    return P, (A.shape, positions)


def max_over_time_backward(dP, cache):
    """
    Backward pass of max_over_time_forward.

    Arguments:
    dP -- gradient of the cost with respect to P, shape (m, F)
    cache -- (shape of A, positions) from max_over_time_forward

    Returns:
    dA -- shape of A: dP[i, k] at [i, positions[i, k], k], 0 elsewhere
    """
    # (3 lines)
    shape, positions = cache
    dA = np.zeros(shape, dtype=dP.dtype)
    np.put_along_axis(dA, positions[:, None, :], dP[:, None, :], axis=1)
    return dA

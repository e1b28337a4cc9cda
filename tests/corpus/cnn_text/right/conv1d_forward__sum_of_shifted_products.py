# adds w shifted matrix products (a loop over the filter rows)
def conv1d_forward(X, W, b):
    w, d, F = W.shape
    n_T = X.shape[1] - w + 1
    Z = np.zeros((X.shape[0], n_T, F), dtype=np.result_type(X, W)) + b.reshape(1, 1, F)
    for p in range(w):
        Z += X[:, p:p + n_T, :] @ W[p]
    return Z, (X, W, b)

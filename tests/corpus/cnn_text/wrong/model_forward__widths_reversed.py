# concatenates the widths 5, 4, 3
# hint: concatenate (width 3 first)
def model_forward(ids, lengths, parameters, dropout=0.0, rng=None, train=False):
    """
    Forward pass of EMBEDDING -> [CONV -> RELU -> MAX OVER TIME] x 3 widths -> CONCAT -> DROPOUT -> FC.

    Arguments:
    ids -- int array (m, T), padded token ids; lengths -- int array (m,)
    parameters -- dict, see initialize_parameters
    dropout, rng, train -- passed to dropout_forward

    Returns:
    logits -- shape (m, 2)
    cache -- (embedding_cache, [(conv_cache, relu_cache, pool_cache) for each width of WIDTHS],
              dropout_cache, fc_cache)
    """
    # (about 12 lines)
    X, embedding_cache = embedding_forward(ids, parameters["E"])
    pooled, branch_caches = [], []
    for w in WIDTHS[::-1]:
        Z, conv_cache = conv1d_forward(X, parameters[f"W{w}"], parameters[f"b{w}"])
        A, relu_cache = relu_forward(Z)
        P, pool_cache = max_over_time_forward(A, lengths)
        pooled.append(P)
        branch_caches.insert(0, (conv_cache, relu_cache, pool_cache))
    H = np.concatenate(pooled, axis=1)
    H_drop, dropout_cache = dropout_forward(H, dropout, rng, train)
    logits, fc_cache = fc_forward(H_drop, parameters["W"], parameters["b"])
    return logits, (embedding_cache, branch_caches, dropout_cache, fc_cache)

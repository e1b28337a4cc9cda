### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
# model_forward is graded on its own: the layers are replaced by correct ones while it is tested.
# reference: _conv1d_reference _conv1d_backward_reference _max_over_time_reference _text_layers
check.substitute(**_text_layers())
### END HIDDEN TESTS
ids_v, lengths_v = np.array([[2, 3, 4, 5, 0, 0], [6, 2, 7, 1, 8, 9]]), np.array([4, 6])
params_v = initialize_parameters(10, embedding_dim=4, n_filters=3, seed=3, dtype=np.float64)
case = "ids (2, 6), lengths [4, 6], d=4, F=3, no dropout"
logits, cache = check.call(model_forward, ids_v, lengths_v, params_v, fn="model_forward", case=case,
                           returns=("logits", "cache"))
check.expect(type(cache) is tuple and len(cache) == 4 and len(cache[1]) == len(WIDTHS), fn="model_forward", case=case,
             problem="the cache is not (embedding_cache, branch_caches, dropout_cache, fc_cache).",
             hint="return (embedding_cache, [(conv_cache, relu_cache, pool_cache) for each width], dropout_cache, "
                  "fc_cache).")
_X = embedding_forward(ids_v, params_v["E"])[0]
_H = np.concatenate([max_over_time_forward(relu_forward(conv1d_forward(_X, params_v[f"W{w}"], params_v[f"b{w}"])[0])[0],
                                           lengths_v)[0] for w in WIDTHS], axis=1)
check.array(logits, _H @ params_v["W"] + params_v["b"], fn="model_forward", case=case, name="logits",
            hint="embedding -> for w in WIDTHS: conv1d -> relu -> max over time; concatenate (width 3 first) -> "
                 "dropout -> fc.")
print("logits =", np.round(logits, 6).tolist())
### BEGIN HIDDEN TESTS
# reference: _text_model_reference _text_model_backward_reference _text_model_case
rng = np.random.default_rng(1111)
for m, T, V, d, F, dropout, train, dtype in [(3, 8, 12, 5, 4, 0.0, False, np.float64),
                                              (4, 6, 9, 3, 2, 0.5, True, np.float64),
                                              (2, 5, 7, 4, 3, 0.5, False, np.float64),
                                              (5, 9, 20, 6, 5, 0.3, True, np.float32)]:
    params, ids_case, lengths_case = _text_model_case(rng, m, T, V, d, F, dtype)
    f32 = dtype == np.float32
    case = check.describe(ids=ids_case, lengths=lengths_case.tolist(), d=d, F=F, dropout=dropout, train=train)
    want, want_cache = _text_model_reference(ids_case, lengths_case, params, dropout, np.random.default_rng(5), train)
    logits, cache = check.call(model_forward, ids_case, lengths_case, params, dropout, np.random.default_rng(5), train,
                               fn="model_forward", case=case, returns=("logits", "cache"))
    params64 = {k: v.astype(np.float64) for k, v in params.items()}
    mistakes = [(_text_model_reference(ids_case, np.full(m, T), params64, dropout, np.random.default_rng(5), train)[0],
                 "pass lengths on to max_over_time_forward."),
                (_text_model_reference(ids_case, lengths_case, params64, dropout, np.random.default_rng(5), train,
                                       widths=(5, 4, 3))[0],
                 "concatenate the branches in the order of WIDTHS (width 3 first).")]
    if train and dropout:
        mistakes.insert(0, (_text_model_reference(ids_case, lengths_case, params64)[0],
                            "pass dropout, rng and train on to dropout_forward(H, dropout, rng, train)."))
    check.array(logits, want, fn="model_forward", case=case, name="logits", float32_ok=f32,
                rtol=1e-4 if f32 else 1e-7, atol=1e-5 if f32 else 1e-9, mistakes=mistakes)
    dlogits = rng.standard_normal((m, 2))
    check.expect(type(cache) is tuple and len(cache) == 4 and type(cache[1]) in (list, tuple) and len(cache[1]) == 3
                 and all(type(c) is tuple and len(c) == 3 for c in cache[1]), fn="model_forward", case=case,
                 problem="the cache is not (embedding_cache, branch_caches, dropout_cache, fc_cache).",
                 hint="return (embedding_cache, [(conv_cache, relu_cache, pool_cache) for each width], dropout_cache, "
                      "fc_cache), the caches as the layers returned them.")
    try:
        got_grads = _text_model_backward_reference(dlogits, cache)
    except Exception:
        got_grads = None
    want_grads = _text_model_backward_reference(dlogits, want_cache)
    check.expect(got_grads is not None and all(np.allclose(got_grads[k], want_grads[k], rtol=1e-4, atol=1e-5)
                                               for k in want_grads), fn="model_forward", case=case,
                 problem="its cache does not give the right gradients in a correct model_backward.",
                 hint="keep each layer's cache as the layer returned it, in the order of the docstring.")
check.end_substitutes()                  # the notebook's own functions again
### END HIDDEN TESTS

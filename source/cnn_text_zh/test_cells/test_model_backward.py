### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
# model_backward is graded on its own: model_forward and the layers are replaced by correct ones.
# reference: _conv1d_reference _conv1d_backward_reference _max_over_time_reference _text_layers _text_model_reference
check.substitute(**_text_layers(), model_forward=_text_model_reference)
### END HIDDEN TESTS
errors = check.call(gradient_check, fn="model_backward", case="gradient_check() (above): a tiny model, dropout on")
worst = max(errors, key=errors.get)
wrong = sorted(name for name, error in errors.items() if error >= 1e-7)
if wrong == ["E"]:
    _hint = "only dE is wrong: the three branches' dX add up (dX = dX3 + dX4 + dX5) before embedding_backward."
elif wrong and "W" not in wrong and "b" not in wrong:
    _hint = ("the fc layer's gradients are right and those before it are not: go back through "
             "dropout_backward(dH, dropout_cache) first, then split dH into blocks of F columns in the order of WIDTHS.")
else:
    _hint = "check the backward layers that lead to it, in reverse order of the forward pass."
check.expect(bool(errors[worst] < 1e-7), fn="model_backward", case="gradient_check() (above): a tiny model, dropout on",
             problem=f"the gradient of {', '.join(wrong)} is wrong (relative error up to {errors[worst]:.1e}).",
             hint=_hint)
print("gradient check passed: largest relative error", f"{errors[worst]:.1e}")
### BEGIN HIDDEN TESTS
# reference: _text_model_backward_reference _text_model_case
rng = np.random.default_rng(1212)
for m, T, V, d, F, dropout, train, dtype in [(3, 8, 12, 5, 4, 0.0, False, np.float64),
                                              (4, 6, 9, 3, 2, 0.5, True, np.float64),
                                              (2, 5, 7, 4, 3, 0.4, True, np.float64),
                                              (5, 9, 20, 6, 5, 0.3, True, np.float32)]:
    params, ids_case, lengths_case = _text_model_case(rng, m, T, V, d, F, dtype)
    ids_case[0, :2] = 3                                            # a repeated word
    _, cache = _text_model_reference(ids_case, lengths_case, params, dropout, np.random.default_rng(9), train)
    dlogits = rng.standard_normal((m, 2)).astype(dtype)
    want = _text_model_backward_reference(dlogits, cache)
    f32 = dtype == np.float32
    case = check.describe(ids=ids_case, lengths=lengths_case.tolist(), d=d, F=F, dropout=dropout, train=train)
    grads = check.call(model_backward, dlogits, cache, fn="model_backward", case=case)
    check.expect(type(grads) is dict and set(want) <= set(grads), fn="model_backward", case=case,
                 problem=f"grads should be a dict with the keys {sorted(want)}"
                         + (f"; missing {sorted(set(want) - set(grads))}." if type(grads) is dict else "."),
                 hint='name each gradient "d" + the parameter\'s name: grads["dW3"], grads["dE"], ...')
    no_drop = _text_model_backward_reference(dlogits, (cache[0], cache[1], None, cache[3]))
    for name in sorted(want):
        mistakes = []
        if name == "dE":
            only_last = _text_model_backward_reference(dlogits, (cache[0], cache[1][2:], cache[2], cache[3]),
                                                       widths=(5,))
            mistakes.append((only_last["dE"], "the three branches read the same X: add their dX (dX = dX3 + dX4 + "
                             "dX5) before embedding_backward, do not keep only the last."))
        if dropout and train:
            mistakes.append((no_drop[name], "go back through dropout_backward(dH, dropout_cache) before splitting dH."))
        check.array(grads[name], want[name], fn="model_backward", case=case, name=f'grads["{name}"]',
                    float32_ok=f32, rtol=1e-4 if f32 else 1e-7, atol=1e-5 if f32 else 1e-9, mistakes=mistakes)
check.end_substitutes()                  # the notebook's own functions again
### END HIDDEN TESTS

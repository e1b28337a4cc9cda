### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
A_case = np.array([[[1.0, 0.0], [3.0, 0.0], [2.0, 5.0], [9.0, 9.0]],    # sentence 0: 3 words, position 3 is padding
                   [[0.0, 8.0], [7.0, 4.0], [1.0, 2.0], [0.0, 8.0]]])   # sentence 1: 4 words; 8.0 twice
lengths_case = np.array([3, 4])
case = "A (2, 4, 2), lengths [3, 4]"
P, cache = check.call(max_over_time_forward, A_case, lengths_case, fn="max_over_time_forward", case=case,
                      returns=("P", "cache"))
check.array(P, [[3.0, 5.0], [7.0, 8.0]], fn="max_over_time_forward", case=case, name="P",
            hint="only positions t < lengths[i] count: sentence 0's position 3 (the 9.0) is padding.")
dP_case = np.array([[10.0, 20.0], [30.0, 40.0]])
dA = check.call(max_over_time_backward, dP_case, cache, fn="max_over_time_backward", case=case + ", dP (2, 2)")
check.array(dA, [[[0.0, 0], [10, 0], [0, 20], [0, 0]], [[0, 40], [30, 0], [0, 0], [0, 0]]],
            fn="max_over_time_backward", case=case + ", dP (2, 2)", name="dA",
            hint="dP[i, k] goes to the one position that won the maximum (the first, if several tie), 0 elsewhere.")
print("P =", P.tolist())
### BEGIN HIDDEN TESTS
# reference: _max_over_time_reference
rng = np.random.default_rng(707)
for m, n_T, F, lengths_case, kind, dtype in [
        (3, 6, 4, [6, 2, 4], "normal", np.float64),
        (4, 5, 3, [1, 5, 3, 2], "negative", np.float64),     # real values < 0, padding 0: a 0 mask is not enough
        (3, 7, 5, [7, 7, 4], "ties", np.float64),           # ReLU-like: many equal values
        (2, 4, 6, [9, 2], "ties", np.float32),              # a sentence longer than the positions (width > 1)
        (5, 3, 2, [3, 1, 2, 3, 1], "normal", np.float32),
]:
    if kind == "ties":
        A_case = np.maximum(rng.integers(-3, 3, (m, n_T, F)), 0).astype(dtype)
    elif kind == "negative":
        A_case = (-1 - rng.random((m, n_T, F))).astype(dtype)
        for i, n in enumerate(lengths_case):
            A_case[i, n:] = -5.0                              # below every real value, and below 0
    else:
        A_case = rng.standard_normal((m, n_T, F)).astype(dtype)
        for i, n in enumerate(lengths_case):
            A_case[i, n:] += 5.0                              # padding windows look strong
    lengths_arr = np.array(lengths_case)
    dP_case = rng.standard_normal((m, F)).astype(dtype)
    copies = (A_case.copy(), dP_case.copy())
    case = check.describe(A=A_case, lengths=lengths_case)
    want_P, want_positions = _max_over_time_reference(A_case, lengths_arr)
    want_dA = np.zeros(A_case.shape)
    np.put_along_axis(want_dA, want_positions[:, None, :], dP_case.astype(np.float64)[:, None, :], axis=1)
    f32 = dtype == np.float32
    valid = np.arange(n_T)[None, :] < lengths_arr[:, None]
    P, cache = check.call(max_over_time_forward, A_case, lengths_arr, fn="max_over_time_forward", case=case,
                          returns=("P", "cache"))
    zero_masked = np.where(valid[:, :, None], A_case, 0)
    check.array(P, want_P, fn="max_over_time_forward", case=case, name="P", float32_ok=f32, mistakes=[
        (A_case.max(axis=1), "positions t >= lengths[i] are padding: leave them out of the maximum "
         "(np.where(valid, A, -np.inf))."),
        (zero_masked.max(axis=1), "setting the padding to 0 is not enough (a sentence's values can all be below "
         "0): use -np.inf where t >= lengths[i]."),
        (np.take_along_axis(A_case, zero_masked.argmax(axis=1)[:, None, :], axis=1)[:, 0, :], "setting the padding to "
         "0 is not enough (a sentence's values can all be below 0): use -np.inf where t >= lengths[i]."),
    ] if kind != "ties" else [])
    dA = check.call(max_over_time_backward, dP_case, cache, fn="max_over_time_backward", case=case + ", dP")
    ties_everywhere = (A_case == want_P[:, None, :]) & valid[:, :, None]
    last = n_T - 1 - np.argmax(np.where(valid[:, ::-1, None], A_case[:, ::-1], -np.inf), axis=1)
    last_dA = np.zeros(A_case.shape)
    np.put_along_axis(last_dA, last[:, None, :], dP_case.astype(np.float64)[:, None, :], axis=1)
    check.array(dA, want_dA, fn="max_over_time_backward", case=case + ", dP", name="dA", float32_ok=f32, mistakes=[
        (ties_everywhere * dP_case[:, None, :], "when the maximum is reached at several positions, only the first "
         "gets dP (np.argmax), not all of them: a mask A == P counts the gradient several times."),
        (last_dA, "ties go to the FIRST position reaching the maximum (what np.argmax gives), not the last."),
    ] if kind == "ties" else [])
    for before, after, name in zip(copies, (A_case, dP_case), ("A", "dP")):
        check.unchanged(before, after, fn="max_over_time_forward / backward", case=case, name=name)
### END HIDDEN TESTS

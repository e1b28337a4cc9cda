### BEGIN HIDDEN TESTS
# (in the kernel too: the real modules and, below, correct versions of functions graded above)
import numpy as np, cnn_checks as check   # the real modules, whatever the notebook rebound
check.restore()                          # undo changes the notebook made to numpy or builtins
### END HIDDEN TESTS
case = "sequences [[5, 9, 2], [7, 3, 3, 8, 4, 6]], min_length=5"
ids, lengths = check.call(pad_batch, [[5, 9, 2], [7, 3, 3, 8, 4, 6]], fn="pad_batch", case=case,
                          returns=("ids", "lengths"))
check.array(ids, np.array([[5, 9, 2, 0, 0, 0], [7, 3, 3, 8, 4, 6]]), fn="pad_batch", case=case, name="ids",
            hint="each sentence from position 0, then zeros; T = the longest sentence (here 6).")
check.array(lengths, np.array([3, 6]), fn="pad_batch", case=case, name="lengths")
print("ids =", ids.tolist(), " lengths =", lengths.tolist())
### BEGIN HIDDEN TESTS
for sequences, min_length, hint in [
        ([[4], [2, 3]], 5, "T is at least min_length: max(longest sentence, min_length)."),
        ([[1, 2, 3, 4, 5, 6, 7]], 5, ""),
        ([[3, 3, 3], [9], [8, 7, 6, 5], [2, 2]], 3, "use the min_length argument, not a fixed 5."),
        ([[10, 11], [12, 13, 14, 15, 16, 17, 18, 19, 20]], 4, ""),
        ([[6] * 12, [1] * 3, [5] * 12], 2, ""),
]:
    T = max(max(len(s) for s in sequences), min_length)
    want = np.zeros((len(sequences), T), dtype=np.int64)
    for i, s in enumerate(sequences):
        want[i, :len(s)] = s
    case = check.describe(sequences=sequences, min_length=min_length)
    ids, lengths = check.call(pad_batch, sequences, min_length, fn="pad_batch", case=case, returns=("ids", "lengths"))
    check.array(ids, want, fn="pad_batch", case=case, name="ids", hint=hint, mistakes=[
        (np.stack([np.pad(s, (T - len(s), 0)) for s in sequences]), "left-align: the sentence starts at position 0, "
         "the zeros come after it."),
    ])
    check.array(lengths, np.array([len(s) for s in sequences]), fn="pad_batch", case=case, name="lengths",
                hint="lengths[i] = len(sequences[i]), the number of real tokens (not T).")
### END HIDDEN TESTS

# np.full with the padding id, and a length list first
def pad_batch(sequences, min_length=5):
    lengths = [len(s) for s in sequences]
    ids = np.full((len(sequences), max(max(lengths), min_length)), 0, dtype=np.int32)
    for row, s in zip(ids, sequences):
        row[:len(s)] = s
    return ids, np.array(lengths)

# puts the zeros before the sentence
# hint: each sentence from position 0
def pad_batch(sequences, min_length=5):
    """
    Pad token id lists to one array.

    Arguments:
    sequences -- list of m lists of int (token ids), each of length >= 1
    min_length -- int, the smallest width T of the result

    Returns:
    ids -- int64 array of shape (m, T), T = max(longest sequence, min_length): row i holds
           sequences[i] then zeros
    lengths -- int64 array of shape (m,), the length of each sequence
    """
    # (about 5 lines)
    lengths = np.array([len(sequence) for sequence in sequences], dtype=np.int64)
    T = max(int(lengths.max()), min_length)
    ids = np.zeros((len(sequences), T), dtype=np.int64)
    for i, sequence in enumerate(sequences):
        ids[i, T - len(sequence):] = sequence
    return ids, lengths

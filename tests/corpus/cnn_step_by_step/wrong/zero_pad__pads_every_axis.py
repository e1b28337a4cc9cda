# zero_pad: pads every axis, the batch and channel axes too (np.pad with a bare int)
def zero_pad(X, pad):
    X_pad = np.pad(X, pad, mode="constant", constant_values=0)
    return X_pad

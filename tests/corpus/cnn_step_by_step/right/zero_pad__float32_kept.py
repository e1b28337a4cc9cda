# zero_pad: np.pad through np.lib's padding of a float32 image stays float32
def zero_pad(X, pad):
    return np.pad(X, [(0, 0), (pad, pad), (pad, pad), (0, 0)])

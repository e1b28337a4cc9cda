# zero_pad: pads only after the image (shape (m, n_H + pad, n_W + pad, n_C))
def zero_pad(X, pad):
    X_pad = np.pad(X, ((0, 0), (0, pad), (0, pad), (0, 0)), mode="constant", constant_values=0)
    return X_pad

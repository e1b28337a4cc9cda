# conv_single_step: np.sum([Z, b]) mixes a number and a (1, 1, 1) array
# hint: Z + b.item()
def conv_single_step(a_slice_prev, W, b):
    Z = np.sum(a_slice_prev * W)
    return np.sum([Z, b])

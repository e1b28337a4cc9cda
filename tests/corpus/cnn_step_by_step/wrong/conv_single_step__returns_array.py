# conv_single_step: returns a (1, 1, 1) array instead of a number
def conv_single_step(a_slice_prev, W, b):
    Z = np.sum(a_slice_prev * W) + b
    return Z

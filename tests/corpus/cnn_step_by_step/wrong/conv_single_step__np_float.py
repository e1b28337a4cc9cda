# conv_single_step: np.float(b), removed from numpy in 1.24
# hint: np.float was removed from numpy
def conv_single_step(a_slice_prev, W, b):
    s = np.multiply(a_slice_prev, W)
    Z = np.sum(s)
    Z = Z + np.float(b)
    return Z

# conv_single_step: bias forgotten
def conv_single_step(a_slice_prev, W, b):
    Z = np.sum(np.multiply(a_slice_prev, W))
    return Z

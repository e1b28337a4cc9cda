# conv_single_step: bias taken as b[0, 0, 0], product with np.multiply
def conv_single_step(a_slice_prev, W, b):
    s = np.multiply(a_slice_prev, W)
    return np.sum(s) + b[0, 0, 0]

# conv_single_step: returns a Python float, bias through np.squeeze
def conv_single_step(a_slice_prev, W, b):
    return float(np.sum(a_slice_prev * W) + np.squeeze(b))

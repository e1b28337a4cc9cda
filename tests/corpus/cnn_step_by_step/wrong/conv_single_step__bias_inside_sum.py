# conv_single_step: bias added to every product, inside the sum
def conv_single_step(a_slice_prev, W, b):
    Z = np.sum(a_slice_prev * W + b)
    return float(Z)

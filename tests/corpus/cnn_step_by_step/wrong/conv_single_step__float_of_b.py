# conv_single_step: float(b) of the (1, 1, 1) bias, which raises on numpy 2
# hint: b.item()
def conv_single_step(a_slice_prev, W, b):
    s = a_slice_prev * W
    Z = np.sum(s)
    Z = Z + float(b)
    return Z

# create_mask_from_window: >= instead of ==
def create_mask_from_window(x):
    mask = (x >= np.max(x))
    return mask

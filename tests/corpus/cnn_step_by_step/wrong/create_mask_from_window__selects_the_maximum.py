# create_mask_from_window: returns x[x == np.max(x)] (the maximal entries), not the mask
# hint: return the mask itself, the same shape as x
def create_mask_from_window(x):
    return x[x == np.max(x)]

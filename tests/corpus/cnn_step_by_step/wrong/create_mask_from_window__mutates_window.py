# create_mask_from_window: zeroes the window in place (a view of A_prev in pool_backward)
def create_mask_from_window(x):
    x[x < np.max(x)] = 0
    return x == np.max(x)

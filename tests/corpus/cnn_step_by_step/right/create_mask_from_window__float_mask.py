# create_mask_from_window: a mask of 0.0 and 1.0 (float) instead of booleans
def create_mask_from_window(x):
    return (x == x.max()).astype(float)

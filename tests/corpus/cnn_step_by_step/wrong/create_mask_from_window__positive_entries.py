# create_mask_from_window: marks the positive entries, not the maximum
def create_mask_from_window(x):
    return x > 0

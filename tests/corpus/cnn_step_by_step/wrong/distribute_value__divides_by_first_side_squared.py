# distribute_value: average = dz / shape[0] ** 2 (right for square windows only)
# hint: times the right one: an average divides the sum by the number of entries
def distribute_value(dz, shape):
    (n_H, n_W) = shape
    average = dz / shape[0] ** 2
    return np.ones(shape) * average

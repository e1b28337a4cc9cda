# distribute_value: copies dz everywhere (sum where a mean belongs)
def distribute_value(dz, shape):
    return np.ones(shape) * dz

# distribute_value: integer division (//)
def distribute_value(dz, shape):
    (n_H, n_W) = shape
    return np.ones(shape) * (dz // (n_H * n_W))

# as_strided windows in (p, q, c) order and np.tensordot
from numpy.lib.stride_tricks import as_strided

def conv_forward_fast(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    s0, s1, s2, s3 = A_pad.strides
    windows = as_strided(A_pad, (m, n_H, n_W, f, f, n_C_prev), (s0, stride * s1, stride * s2, s1, s2, s3), writeable=False)
    Z = np.tensordot(windows, W, axes=([3, 4, 5], [0, 1, 2])) + b.reshape(1, 1, 1, n_C)
    return Z, (A_prev, W, b, hparameters)

"""Helpers for the "Convolutional Neural Networks: Application" assignment.

    load_dataset(path)        -> train_set_x_orig, train_set_y_orig, test_set_x_orig,
                                 test_set_y_orig, classes   (the handwritten digits)
    convert_to_one_hot(Y, C)  -> one-hot labels of shape (C, m)

and the layers of the first assignment, written with loops (slow and plainly right), that the
notebook compares its fast versions with:

    zero_pad(X, pad)                                 -> X_pad
    conv_forward_loop(A_prev, W, b, hparameters)     -> Z, cache
    conv_backward_loop(dZ, cache)                    -> dA_prev, dW, db
    pool_forward_loop(A_prev, hparameters, mode)     -> A, cache
    pool_backward_loop(dA, cache, mode)              -> dA_prev
"""

import h5py
import numpy as np


def load_dataset(path="datasets/digits.h5"):
    """Load the handwritten digits dataset (8x8 grayscale images of the digits 0 to 9).

    Inputs:
    - path: the HDF5 file written by scripts/make_digits_h5.py; a relative path is read
      from the current working directory (the notebook's folder).

    Returns a tuple of:
    - train_set_x_orig: uint8 array of shape (m_train, 8, 8, 1), pixel values 0..255
    - train_set_y_orig: int64 array of shape (1, m_train), labels 0..9
    - test_set_x_orig: uint8 array of shape (m_test, 8, 8, 1), pixel values 0..255
    - test_set_y_orig: int64 array of shape (1, m_test), labels 0..9
    - classes: int64 array of shape (10,), the class labels [0, 1, ..., 9]
    """
    with h5py.File(path, "r") as f:
        train_set_x_orig = np.array(f["train_set_x"][:])   # train set features
        train_set_y_orig = np.array(f["train_set_y"][:])   # train set labels
        test_set_x_orig = np.array(f["test_set_x"][:])     # test set features
        test_set_y_orig = np.array(f["test_set_y"][:])     # test set labels
        classes = np.array(f["list_classes"][:])           # the list of classes

    train_set_y_orig = train_set_y_orig.reshape((1, train_set_y_orig.shape[0]))
    test_set_y_orig = test_set_y_orig.reshape((1, test_set_y_orig.shape[0]))

    return train_set_x_orig, train_set_y_orig, test_set_x_orig, test_set_y_orig, classes


def convert_to_one_hot(Y, C):
    """Convert integer labels to one-hot column vectors.

    Inputs:
    - Y: integer array of m labels in 0..C-1, of any shape, e.g. (1, m) or (m,)
    - C: number of classes

    Returns:
    - Y_one_hot: float64 array of shape (C, m); Y_one_hot[c, i] = 1 if label i is c, else 0
    """
    Y_one_hot = np.eye(C)[Y.reshape(-1)].T
    return Y_one_hot


def zero_pad(X, pad):
    """Pad the height and width of a batch of images with zeros.

    Inputs:
    - X: (m, n_H, n_W, n_C)
    - pad: int >= 0
    Returns:
    - X_pad: (m, n_H + 2 pad, n_W + 2 pad, n_C), same dtype as X (X itself when pad == 0)
    """
    if pad == 0:
        return X
    m, n_H, n_W, n_C = X.shape
    X_pad = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C), dtype=X.dtype)
    X_pad[:, pad:pad + n_H, pad:pad + n_W, :] = X
    return X_pad


def _pool_mode(mode):
    """Normalize the pooling mode ("avg" is the original write-up's spelling of "average")."""
    if mode == "avg":
        mode = "average"
    if mode not in ("max", "average"):
        raise ValueError(f"mode must be 'max' or 'average', got {mode!r}")
    return mode


def conv_forward_loop(A_prev, W, b, hparameters):
    """Convolution forward pass with four nested loops.

    Inputs:
    - A_prev: (m, n_H_prev, n_W_prev, n_C_prev)
    - W: (f, f, n_C_prev, n_C)
    - b: (1, 1, 1, n_C)
    - hparameters: {"stride": int, "pad": int}
    Returns:
    - Z: (m, n_H, n_W, n_C) float64, n_H = (n_H_prev + 2 pad - f) // stride + 1 (same for n_W)
    - cache: (A_prev, W, b, hparameters)
    """
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            for w in range(n_W):
                horiz_start = w * stride
                a_slice = A_prev_pad[i, vert_start:vert_start + f, horiz_start:horiz_start + f, :]
                for c in range(n_C):
                    Z[i, h, w, c] = np.sum(a_slice * W[:, :, :, c]) + b[0, 0, 0, c]
    return Z, (A_prev, W, b, hparameters)


def conv_backward_loop(dZ, cache):
    """Convolution backward pass with four nested loops.

    Inputs:
    - dZ: (m, n_H, n_W, n_C), gradient of the cost with respect to Z
    - cache: (A_prev, W, b, hparameters) from conv_forward_loop (extra entries are ignored)
    Returns:
    - dA_prev: (m, n_H_prev, n_W_prev, n_C_prev)
    - dW: (f, f, n_C_prev, n_C)
    - db: (1, 1, 1, n_C)
    """
    A_prev, W, b, hparameters = cache[:4]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    m, n_H, n_W, n_C = dZ.shape
    A_prev_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dA_prev_pad = np.zeros(A_prev_pad.shape)
    dW = np.zeros(W.shape)
    db = np.zeros((1, 1, 1, n_C))
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            for w in range(n_W):
                horiz_start = w * stride
                a_slice = A_prev_pad[i, vert_start:vert_start + f, horiz_start:horiz_start + f, :]
                for c in range(n_C):
                    dA_prev_pad[i, vert_start:vert_start + f, horiz_start:horiz_start + f, :] += W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += a_slice * dZ[i, h, w, c]
                    db[:, :, :, c] += dZ[i, h, w, c]
    dA_prev = dA_prev_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
    return dA_prev, dW, db


def pool_forward_loop(A_prev, hparameters, mode="max"):
    """Pooling forward pass with four nested loops.

    Inputs:
    - A_prev: (m, n_H_prev, n_W_prev, n_C)
    - hparameters: {"f": int, "stride": int}
    - mode: "max" or "average"
    Returns:
    - A: (m, n_H, n_W, n_C) float64, n_H = (n_H_prev - f) // stride + 1 (same for n_W)
    - cache: (A_prev, hparameters)
    """
    mode = _pool_mode(mode)
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    f, stride = hparameters["f"], hparameters["stride"]
    n_H = (n_H_prev - f) // stride + 1
    n_W = (n_W_prev - f) // stride + 1
    A = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            for w in range(n_W):
                horiz_start = w * stride
                for c in range(n_C):
                    a_slice = A_prev[i, vert_start:vert_start + f, horiz_start:horiz_start + f, c]
                    A[i, h, w, c] = np.max(a_slice) if mode == "max" else np.mean(a_slice)
    return A, (A_prev, hparameters)


def pool_backward_loop(dA, cache, mode="max"):
    """Pooling backward pass with four nested loops.

    Inputs:
    - dA: (m, n_H, n_W, n_C), gradient of the cost with respect to the pooling output
    - cache: (A_prev, hparameters)
    - mode: "max" (gradient to every maximum of the window: mask = window == max)
      or "average" (spread evenly over the f x f window)
    Returns:
    - dA_prev: (m, n_H_prev, n_W_prev, n_C) float64
    """
    mode = _pool_mode(mode)
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            for w in range(n_W):
                horiz_start = w * stride
                for c in range(n_C):
                    window = (i, slice(vert_start, vert_start + f), slice(horiz_start, horiz_start + f), c)
                    if mode == "max":
                        a_slice = A_prev[window]
                        dA_prev[window] += (a_slice == np.max(a_slice)) * dA[i, h, w, c]
                    else:
                        dA_prev[window] += dA[i, h, w, c] / (f * f)
    return dA_prev

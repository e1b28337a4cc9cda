"""Helpers for the "Convolutional Neural Networks: Application" assignment.

    load_dataset(path)        -> train_set_x_orig, train_set_y_orig, test_set_x_orig,
                                 test_set_y_orig, classes   (the handwritten digits)
    convert_to_one_hot(Y, C)  -> one-hot labels of shape (C, m)
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

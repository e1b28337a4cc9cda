"""Reference computations the hidden tests share, written once.

A test cell file (``source/<assignment>/test_cells/test_<function>.py``) that needs one of these
says so with a line ``# reference: _conv_reference _zero_pad`` inside a hidden block; ``make
release`` puts the functions' source there (cnn_course/testcells.py), so the hidden test still
computes what it compares against inside its own cell, and nothing of this module ships to
students.  Each function works in float64, whatever its inputs, and is checked against plain
loops in tests/test_references.py.

Names the expanded code uses from its cell: ``np`` (numpy) and, for the layers of the
Application's model, ``_window`` (numpy's sliding_window_view).
"""

import numpy as np

_window = np.lib.stride_tricks.sliding_window_view


def _zero_pad(X, pad):
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))


def _conv_reference(A_prev, W, b, stride, pad):
    A_pad = np.pad(A_prev.astype(np.float64), ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    f = W.shape[0]
    windows = np.lib.stride_tricks.sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    return np.einsum("mhwcpq,pqck->mhwk", windows, W.astype(np.float64)) + b.astype(np.float64).reshape(1, 1, 1, -1)


def _conv_backward_reference(dZ, A_prev, W, stride, pad):
    A_pad = np.pad(A_prev.astype(np.float64), ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dZ, W = dZ.astype(np.float64), W.astype(np.float64)
    f, (n_H, n_W) = W.shape[0], dZ.shape[1:3]
    windows = np.lib.stride_tricks.sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride][:, :n_H, :n_W]
    dW = np.einsum("mhwcpq,mhwk->pqck", windows, dZ)
    db = dZ.sum(axis=(0, 1, 2)).reshape(1, 1, 1, -1)
    dA_pad = np.zeros(A_pad.shape)
    for p in range(f):
        for q in range(f):
            dA_pad[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :] += np.einsum("mhwk,ck->mhwc", dZ, W[p, q])
    return dA_pad[:, pad:pad + A_prev.shape[1], pad:pad + A_prev.shape[2], :], dW, db


def _conv_f(A, W, b, hp):
    s, p, f = hp["stride"], hp["pad"], W.shape[0]
    win = _window(np.pad(A, ((0, 0), (p, p), (p, p), (0, 0))), (f, f), axis=(1, 2))[:, ::s, ::s]
    return np.einsum("mhwcpq,pqck->mhwk", win, W) + b.reshape(1, 1, 1, -1), (A, W, b, hp)


def _pool_f(A, hp, mode="max"):
    win = _window(A, (hp["f"], hp["f"]), axis=(1, 2))[:, ::hp["stride"], ::hp["stride"]]
    return (win.max(axis=(4, 5)) if mode == "max" else win.mean(axis=(4, 5))), (A, hp)

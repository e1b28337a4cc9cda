"""Reference implementation for "Convolutional Neural Networks: Application" (numpy only).

A stand-alone, tested version of what the notebook (source/cnn_application/) teaches, with
faster convolutions (im2col in blocks of images); benchmarks/conv_vs_torch.py times it
against PyTorch.  It follows the conventions of the first assignment ("CNN step by step"):

* arrays are NHWC: ``A_prev[i, h, w, c]``;
* conv weights ``W`` have shape (f, f, n_C_prev, n_C), biases ``b`` shape (1, 1, 1, n_C);
* ``hparameters`` is ``{"stride", "pad"}`` for a convolution, ``{"f", "stride"}`` for pooling;
* ``conv_forward`` returns ``(Z, cache)`` with ``cache = (A_prev, W, b, hparameters)``,
  ``pool_forward`` returns ``(A, cache)`` with ``cache = (A_prev, hparameters)``;
* ``conv_backward(dZ, cache) -> (dA_prev, dW, db)``, ``pool_backward(dA, cache, mode) -> dA_prev``,
  modes "max" and "average" (the spelling "avg" is accepted too).

Two implementations of each layer:

* ``*_loop``: the four nested loops of the first assignment; slow, obviously right, used
  only to check the fast ones (``verify()``); imported from the assignment's
  ``cnn_app_utils.py``, the very code the notebook's visible tests compare with;
* ``*_fast``: vectorized with ``numpy.lib.stride_tricks.as_strided`` (a read-only view of
  all f x f windows, no copy); convolutions as matrix products (im2col), computed a block
  of images at a time (BLOCK_BYTES) so that the unfolded matrix stays small.  They work
  for any stride, pad (including 0), f and non-square inputs, keep the input dtype
  (float32 stays float32) and use the first assignment's caches unchanged (the backward
  pass rebuilds the im2col blocks: that measured faster than caching the whole im2col
  matrix, which is f^2 times the size of the input).

Then the rest of a small CNN (ReLU, fully connected, softmax cross-entropy), the model
CONV -> RELU -> MAXPOOL -> CONV -> RELU -> MAXPOOL -> FLATTEN -> FC -> SOFTMAX, a
whole-model numerical gradient check, Adam, mini-batch training and an overfitting check,
on the 8x8 handwritten digits of ``datasets/digits.h5``.

Run ``python -m cnn_course.solutions.cnn_application`` (course venv) for everything: verify(), gradient check,
loss at initialization, overfit check, full training; ``--help`` for options
(``--seeds 0 1 2 ...`` trains once per seed and summarizes).

Choices, measured on the 2-core course machine (1438 training / 359 test images):

* model: conv 3x3 (pad 1) x64 -> relu -> maxpool 2/2 -> conv 3x3 (pad 1) x64 -> relu ->
  maxpool 2/2 -> flatten (2*2*64 = 256) -> fc 10; He initialization (logits layer x 0.1).
* training: Adam (lr 2e-3, decayed by 0.85 each epoch), batch 32, 20 epochs, label
  smoothing 0.1, float32.  About 4 s of training; test accuracy 0.992 with seed 0,
  0.980 to 0.992 (mean 0.987) over seeds 0-9.
* what did not reach 98% (means over 3-6 seeds): 16/32 filters (0.971, 0.967 with label
  smoothing), 32/64 (0.976-0.981), 64/64 without label smoothing (0.978-0.981), 128/128,
  batch 64, lr 1e-3 or 5e-3, weight decay, dropout before the fc layer, random 1-pixel
  shifts (0.952: worse), overlapping pooling, 5x5 first layer.  The width of the first
  layer and label smoothing made the difference.
"""

import argparse
import os
import time
from pathlib import Path

# One BLAS thread, set before numpy is imported (OpenBLAS reads it once, at load time).  This
# model's matrix products are small (a few hundred rows); with 2 OpenBLAS threads training
# ran ~5x SLOWER on the 2-core course machine (1.5 s instead of 0.25 s per epoch), the threads
# waiting for each other whenever another process holds a core.  In a notebook: start
# Jupyter with OPENBLAS_NUM_THREADS=1, or use threadpoolctl.threadpool_limits(1).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import as_strided  # noqa: E402

from cnn_course.outside import load_module  # noqa: E402

APP = Path(__file__).resolve().parents[2] / "source" / "cnn_application"
DATASET = APP / "datasets" / "digits.h5"

# zero_pad and the loop versions of the first assignment (four nested loops: slow, obviously
# right, only to check the fast ones) are the ones the notebook's students get, in
# cnn_app_utils.py next to the notebook.
_utils = load_module(APP / "cnn_app_utils.py", "_cnn_app_utils_reference")
_pool_mode, zero_pad = _utils._pool_mode, _utils.zero_pad
conv_forward_loop, conv_backward_loop = _utils.conv_forward_loop, _utils.conv_backward_loop
pool_forward_loop, pool_backward_loop = _utils.pool_forward_loop, _utils.pool_backward_loop

# The model's fixed hyperparameters (the first assignment's dictionaries).
HP_CONV = {"stride": 1, "pad": 1}   # 3x3 "same" convolutions
HP_POOL1 = {"f": 2, "stride": 2}    # 8x8 -> 4x4
HP_POOL2 = {"f": 2, "stride": 2}    # 4x4 -> 2x2

# Size of the im2col matrix built at once by the fast convolutions (see image_blocks).
BLOCK_BYTES = 1 << 20


# ---------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------

def window_view(X, f, stride, n_H, n_W):
    """All f x f windows of X as a read-only view (no copy).

    Inputs:
    - X: (m, H, W, C), any memory layout
    - f, stride: window size and step
    - n_H, n_W: number of window positions kept vertically / horizontally
      (window (h, w) starts at row h * stride, column w * stride)
    Returns:
    - windows: (m, n_H, n_W, f, f, C) with windows[i, h, w, p, q, c] = X[i, h*stride + p, w*stride + q, c]
    """
    s_m, s_h, s_w, s_c = X.strides
    m, _, _, C = X.shape
    return as_strided(X, shape=(m, n_H, n_W, f, f, C),
                      strides=(s_m, stride * s_h, stride * s_w, s_h, s_w, s_c), writeable=False)


# ---------------------------------------------------------------------------------------
# Fast (vectorized) versions
# ---------------------------------------------------------------------------------------

def image_blocks(m, bytes_per_image, block_bytes=None):
    """Split a batch of m images into consecutive blocks whose im2col matrix is about block_bytes.

    Inputs:
    - m: batch size; bytes_per_image: size of one image's im2col rows (n_H n_W f f n_C_prev itemsize)
    - block_bytes: target size, default BLOCK_BYTES (1 MB: the matrix stays in cache)
    Returns:
    - list of slices covering range(m), each of at least one image
    """
    step = max(1, (block_bytes or BLOCK_BYTES) // max(1, bytes_per_image))
    return [slice(k, min(k + step, m)) for k in range(0, m, step)]


def im2col(A_pad, f, stride, n_H, n_W):
    """Unfold every f x f x n_C_prev window of a (padded) input into one row.

    Inputs:
    - A_pad: (m, H, W, n_C_prev), already padded
    - f, stride: window size and step; n_H, n_W: output height and width
    Returns:
    - cols: (m * n_H * n_W, f * f * n_C_prev), C-contiguous, dtype of A_pad; row
      (i * n_H + h) * n_W + w holds the window of output (i, h, w) in (p, q, c) order, the
      order of W.reshape(f * f * n_C_prev, n_C)
    """
    m, n_C_prev = A_pad.shape[0], A_pad.shape[3]
    windows = window_view(A_pad, f, stride, n_H, n_W)          # (m, n_H, n_W, f, f, n_C_prev), a view
    return windows.reshape(m * n_H * n_W, f * f * n_C_prev)    # the one copy


def conv_forward_fast(A_prev, W, b, hparameters, block_bytes=None):
    """Convolution forward pass as matrix products (im2col), a block of images at a time.

    For each block: cols = im2col(block) (n_block n_H n_W, f f n_C_prev), then
    Z[block] = cols @ W.reshape(f f n_C_prev, n_C).  Blocks of ~BLOCK_BYTES keep the unfolded
    matrix (f^2 times the input) small and in cache; the small layers of the model fit in
    one block.

    Inputs:
    - A_prev: (m, n_H_prev, n_W_prev, n_C_prev)
    - W: (f, f, n_C_prev, n_C)
    - b: (1, 1, 1, n_C)
    - hparameters: {"stride": int, "pad": int}
    - block_bytes: size of the im2col blocks (default BLOCK_BYTES)
    Returns:
    - Z: (m, n_H, n_W, n_C), n_H = (n_H_prev + 2 pad - f) // stride + 1 (same for n_W);
      dtype of A_prev / W (float32 stays float32)
    - cache: (A_prev, W, b, hparameters), as in the first assignment
    """
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    A_pad = zero_pad(A_prev, pad)
    W_col = W.reshape(f * f * n_C_prev, n_C)
    Z = np.empty((m, n_H, n_W, n_C), dtype=np.result_type(A_prev.dtype, W.dtype, b.dtype))
    for blk in image_blocks(m, n_H * n_W * W_col.shape[0] * A_pad.itemsize, block_bytes):
        cols = im2col(A_pad[blk], f, stride, n_H, n_W)
        Z_blk = Z[blk].reshape(-1, n_C)                       # Z[blk] is contiguous: a view
        np.matmul(cols, W_col, out=Z_blk)
        Z_blk += b.reshape(1, n_C)
    return Z, (A_prev, W, b, hparameters)


def conv_backward_fast(dZ, cache, block_bytes=None):
    """Convolution backward pass, vectorized, a block of images at a time.

    For each block (cols rebuilt as in conv_forward_fast, dZ_blk = dZ[block] as (rows, n_C)):
    dW += cols^T dZ_blk; db += column sums of dZ_blk; and dcols = dZ_blk W[p, q]^T for all
    f*f kernel offsets (p, q) at once (one stacked matmul), each added into the strided slice
    of the padded input that its offset touches (overlapping windows accumulate).

    Inputs:
    - dZ: (m, n_H, n_W, n_C)
    - cache: (A_prev, W, b, hparameters) from conv_forward_fast or conv_forward_loop
    - block_bytes: size of the im2col blocks (default BLOCK_BYTES)
    Returns:
    - dA_prev: (m, n_H_prev, n_W_prev, n_C_prev)
    - dW: (f, f, n_C_prev, n_C)
    - db: (1, 1, 1, n_C)
    """
    A_prev, W, b, hparameters = cache[:4]
    stride, pad = hparameters["stride"], hparameters["pad"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    _, n_H, n_W, _ = dZ.shape
    A_pad = zero_pad(A_prev, pad)
    dtype = np.result_type(dZ.dtype, A_prev.dtype, W.dtype)
    dW = np.zeros((f * f * n_C_prev, n_C), dtype=dtype)
    db = np.zeros(n_C, dtype=dtype)
    dA_pad = np.zeros((m, n_H_prev + 2 * pad, n_W_prev + 2 * pad, n_C_prev), dtype=dtype)
    W_T = W.transpose(0, 1, 3, 2)                              # (f, f, n_C, n_C_prev): W[p, q]^T, a view
    for blk in image_blocks(m, n_H * n_W * f * f * n_C_prev * A_pad.itemsize, block_bytes):
        cols = im2col(A_pad[blk], f, stride, n_H, n_W)
        dZ_blk = np.ascontiguousarray(dZ[blk]).reshape(-1, n_C)
        dW += cols.T @ dZ_blk
        db += np.ones(dZ_blk.shape[0], dtype=dtype) @ dZ_blk   # column sums of dZ_blk (faster than .sum(axis=0))
        dcols = np.matmul(dZ_blk, W_T)                         # (f, f, rows, n_C_prev)
        dA_blk = dA_pad[blk]                                   # a view: adding into it fills dA_pad
        for p in range(f):
            for q in range(f):
                # output (h, w) sends dZ[i, h, w, :] W[p, q]^T to input (h*stride + p, w*stride + q)
                dA_blk[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :] += \
                    dcols[p, q].reshape(-1, n_H, n_W, n_C_prev)
    dA_prev = dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]
    return dA_prev, dW.reshape(W.shape), db.reshape(1, 1, 1, n_C)


def pool_forward_fast(A_prev, hparameters, mode="max"):
    """Pooling forward pass, vectorized (max or mean over a window view).

    Inputs:
    - A_prev: (m, n_H_prev, n_W_prev, n_C)
    - hparameters: {"f": int, "stride": int}
    - mode: "max" or "average"
    Returns:
    - A: (m, n_H, n_W, n_C), n_H = (n_H_prev - f) // stride + 1 (same for n_W), dtype of A_prev
    - cache: (A_prev, hparameters)
    """
    mode = _pool_mode(mode)
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    f, stride = hparameters["f"], hparameters["stride"]
    n_H = (n_H_prev - f) // stride + 1
    n_W = (n_W_prev - f) // stride + 1
    windows = window_view(A_prev, f, stride, n_H, n_W)          # (m, n_H, n_W, f, f, n_C)
    A = windows.max(axis=(3, 4)) if mode == "max" else windows.mean(axis=(3, 4))
    return A, (A_prev, hparameters)


def pool_backward_fast(dA, cache, mode="max"):
    """Pooling backward pass, vectorized.

    max: each window's gradient goes to every position equal to the window's maximum (the
    mask `window == max` of the first assignment, so ties all receive it); average: dA / f^2
    to every position of the window.  Overlapping windows (stride < f) accumulate.

    Inputs:
    - dA: (m, n_H, n_W, n_C)
    - cache: (A_prev, hparameters) from pool_forward_fast or pool_forward_loop
    - mode: "max" or "average"
    Returns:
    - dA_prev: (m, n_H_prev, n_W_prev, n_C), dtype of dA / A_prev
    """
    mode = _pool_mode(mode)
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape, dtype=np.result_type(dA.dtype, A_prev.dtype, np.float32))
    if mode == "max":
        windows = window_view(A_prev, f, stride, n_H, n_W)                  # (m, n_H, n_W, f, f, n_C)
        mask = windows == windows.max(axis=(3, 4), keepdims=True)
        share = mask * dA[:, :, :, None, None, :]                           # (m, n_H, n_W, f, f, n_C)
    for p in range(f):
        for q in range(f):
            target = dA_prev[:, p:p + stride * n_H:stride, q:q + stride * n_W:stride, :]
            target += share[:, :, :, p, q, :] if mode == "max" else dA / (f * f)
    return dA_prev


def verify(seed=0, verbose=True):
    """Compare the fast layers with the loop versions on random cases (float64).

    Covers stride 1/2/3, pad 0/1/2, f = 1/2/3/4, non-square inputs, batch and channels > 1,
    overlapping pooling windows, max pooling with ties (integer-valued inputs), and the fast
    convolutions both in one block and one image per block.
    Prints one line per case with the max abs differences; raises AssertionError when one
    exceeds 1e-10.  Returns the largest difference seen.
    """
    rng = np.random.default_rng(seed)
    worst = 0.0
    conv_cases = [  # (m, n_H_prev, n_W_prev, n_C_prev), f, n_C, stride, pad
        ((2, 5, 5, 3), 3, 4, 1, 1),
        ((3, 6, 7, 2), 3, 5, 2, 0),     # pad 0, stride 2, non-square
        ((2, 5, 3, 2), 1, 3, 1, 1),     # f = 1, non-square
        ((3, 7, 5, 1), 2, 2, 3, 2),     # stride 3 > f
        ((2, 9, 8, 4), 3, 3, 2, 1),     # stride 2, overlap
        ((1, 4, 6, 3), 4, 2, 1, 0),     # f = 4 (even), pad 0
        ((4, 8, 8, 1), 3, 8, 1, 1),     # the model's first layer
        ((2, 4, 4, 8), 3, 6, 1, 1),     # the model's second layer
        ((2, 6, 5, 2), 3, 2, 3, 1),     # n_H_prev + 2 pad - f not a multiple of the stride
    ]
    for k, (shape, f, n_C, stride, pad) in enumerate(conv_cases):
        A_prev = rng.standard_normal(shape)
        W = rng.standard_normal((f, f, shape[3], n_C))
        b = rng.standard_normal((1, 1, 1, n_C))
        hp = {"stride": stride, "pad": pad}
        Z_loop, cache_loop = conv_forward_loop(A_prev, W, b, hp)
        dZ = rng.standard_normal(Z_loop.shape)
        loop = conv_backward_loop(dZ, cache_loop)
        diffs = [0.0] * 4
        for block_bytes in (BLOCK_BYTES, 1):            # the whole batch in one block; one image per block
            Z_fast, cache_fast = conv_forward_fast(A_prev, W, b, hp, block_bytes)
            fast = conv_backward_fast(dZ, cache_fast, block_bytes)
            assert Z_fast.shape == Z_loop.shape and all(x.shape == y.shape for x, y in zip(fast, loop))
            new = [np.abs(Z_fast - Z_loop).max()] + [np.abs(x - y).max() for x, y in zip(fast, loop)]
            diffs = [max(d, e) for d, e in zip(diffs, new)]
        worst = max(worst, *diffs)
        if verbose:
            print(f"conv case {k}: A_prev {shape}, f={f}, n_C={n_C}, stride={stride}, pad={pad}: "
                  "max |diff| Z %.1e, dA_prev %.1e, dW %.1e, db %.1e" % tuple(diffs))
    pool_cases = [  # (m, n_H_prev, n_W_prev, n_C), f, stride, integer-valued (ties)
        ((2, 8, 8, 3), 2, 2, False),
        ((2, 5, 7, 3), 3, 2, False),    # overlap, non-square
        ((1, 6, 5, 2), 3, 1, False),    # heavy overlap
        ((2, 5, 4, 1), 1, 1, False),    # f = 1
        ((1, 7, 8, 2), 2, 3, False),    # stride > f
        ((3, 6, 6, 4), 2, 2, True),     # ties
        ((2, 7, 6, 2), 3, 2, True),     # ties with overlap
        ((2, 9, 9, 2), 3, 3, False),
    ]
    for k, (shape, f, stride, ties) in enumerate(pool_cases):
        A_prev = rng.integers(0, 3, shape).astype(np.float64) if ties else rng.standard_normal(shape)
        hp = {"f": f, "stride": stride}
        for mode in ("max", "average"):
            A_loop, cache_loop = pool_forward_loop(A_prev, hp, mode)
            A_fast, cache_fast = pool_forward_fast(A_prev, hp, mode)
            dA = rng.standard_normal(A_loop.shape)
            d_loop = pool_backward_loop(dA, cache_loop, mode)
            d_fast = pool_backward_fast(dA, cache_fast, mode)
            assert A_fast.shape == A_loop.shape and d_fast.shape == d_loop.shape
            diffs = (np.abs(A_fast - A_loop).max(), np.abs(d_fast - d_loop).max())
            worst = max(worst, *diffs)
            if verbose:
                print(f"pool case {k}: A_prev {shape}, f={f}, stride={stride}, {mode:7s}"
                      f"{' (ties)' if ties else '       '}: max |diff| A %.1e, dA_prev %.1e" % diffs)
    if verbose:
        print(f"verify(): {len(conv_cases)} conv cases, {len(pool_cases)} x 2 pool cases, "
              f"largest max |fast - loop| = {worst:.2e}")
    assert worst < 1e-10, worst
    return worst


# ---------------------------------------------------------------------------------------
# The other layers
# ---------------------------------------------------------------------------------------

def relu_forward(Z):
    """ReLU.

    Inputs:
    - Z: any shape
    Returns:
    - A: max(Z, 0), shape of Z
    - cache: Z
    """
    return np.maximum(Z, 0), Z


def relu_backward(dA, cache):
    """ReLU backward pass.

    Inputs:
    - dA: gradient with respect to A, shape of Z
    - cache: Z
    Returns:
    - dZ: dA where Z > 0, else 0
    """
    Z = cache
    return dA * (Z > 0)


def fc_forward(A, W, b):
    """Fully connected (affine) layer.

    Inputs:
    - A: (m, n)
    - W: (n, k)
    - b: (1, k)
    Returns:
    - Z: (m, k) = A W + b
    - cache: (A, W, b)
    """
    return A @ W + b, (A, W, b)


def fc_backward(dZ, cache):
    """Fully connected layer backward pass.

    Inputs:
    - dZ: (m, k)
    - cache: (A, W, b)
    Returns:
    - dA: (m, n) = dZ W^T
    - dW: (n, k) = A^T dZ
    - db: (1, k) = column sums of dZ
    """
    A, W, b = cache
    return dZ @ W.T, A.T @ dZ, dZ.sum(axis=0, keepdims=True)


def softmax_cross_entropy(logits, y, label_smoothing=0.0):
    """Mean cross-entropy of the softmax of the logits, and its gradient (numerically stable).

    With label_smoothing = e the target of image i is (1 - e) one_hot(y_i) + e / n_classes
    instead of one_hot(y_i) (e = 0: the usual loss).

    Inputs:
    - logits: (m, n_classes)
    - y: (m,) integer labels in [0, n_classes)
    - label_smoothing: float in [0, 1)
    Returns:
    - loss: float, -mean_i sum_k target[i, k] log softmax(logits_i)[k]
    - dlogits: (m, n_classes) = (softmax(logits) - target) / m
    """
    m, n_classes = logits.shape
    shifted = logits - logits.max(axis=1, keepdims=True)               # largest logit is 0: exp cannot overflow
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))   # log-sum-exp
    target = np.full(logits.shape, label_smoothing / n_classes, dtype=logits.dtype)
    target[np.arange(m), y] += 1.0 - label_smoothing
    loss = -np.sum(target * log_probs) / m
    dlogits = (np.exp(log_probs) - target) / m
    return float(loss), dlogits


# ---------------------------------------------------------------------------------------
# The model: CONV -> RELU -> MAXPOOL -> CONV -> RELU -> MAXPOOL -> FLATTEN -> FC -> SOFTMAX
# ---------------------------------------------------------------------------------------

def feature_shape(n_H, n_W, f=3):
    """Height and width of the last pooling layer's output for n_H x n_W inputs and f x f convs
    (HP_CONV, HP_POOL1, HP_POOL2). Returns (height, width): (2, 2) for 8 x 8 inputs."""
    def conv(n):
        return (n + 2 * HP_CONV["pad"] - f) // HP_CONV["stride"] + 1

    def pool(n, hp):
        return (n - hp["f"]) // hp["stride"] + 1
    return tuple(pool(conv(pool(conv(n), HP_POOL1)), HP_POOL2) for n in (n_H, n_W))


def initialize_parameters(seed=0, n_C1=64, n_C2=64, n_H=8, n_W=8, n_C_in=1, n_classes=10, f=3,
                          output_scale=0.1, dtype=np.float64):
    """He initialization of the model's parameters (N(0, 2 / fan_in) weights, zero biases).

    The last (logits) layer's He weights are multiplied by output_scale (0.1): the logits then
    start near 0, the softmax near uniform and the loss near ln(10) = 2.303 (plain He gives
    2.4 to 2.7 here; the scale does not change the accuracy reached).

    Inputs:
    - seed: int, for numpy.random.default_rng
    - n_C1, n_C2: number of filters of the two conv layers (f x f, stride 1, pad (f-1)/2)
    - n_H, n_W, n_C_in: input image shape; n_classes: outputs
    - output_scale: factor on the logits layer's He weights
    - dtype: np.float32 or np.float64
    Returns:
    - parameters: dict
        W1 (f, f, n_C_in, n_C1), b1 (1, 1, 1, n_C1),
        W2 (f, f, n_C1, n_C2),   b2 (1, 1, 1, n_C2),
        W3 (n_fc, n_classes), b3 (1, n_classes), n_fc = 2 * 2 * n_C2 for 8 x 8 inputs
        (feature_shape(n_H, n_W, f) times n_C2)
    """
    rng = np.random.default_rng(seed)
    n_fc = int(np.prod(feature_shape(n_H, n_W, f))) * n_C2
    shapes = {"W1": (f, f, n_C_in, n_C1), "W2": (f, f, n_C1, n_C2), "W3": (n_fc, n_classes)}
    parameters = {}
    for name in ("1", "2", "3"):
        shape = shapes["W" + name]
        fan_in = int(np.prod(shape[:-1]))
        scale = np.sqrt(2.0 / fan_in) * (output_scale if name == "3" else 1.0)
        parameters["W" + name] = (rng.standard_normal(shape) * scale).astype(dtype)
        parameters["b" + name] = np.zeros((1, 1, 1, shape[-1]) if name != "3" else (1, shape[-1]), dtype=dtype)
    return parameters


def model_forward(X, parameters):
    """Forward pass of the whole model.

    Inputs:
    - X: (m, n_H, n_W, n_C_in) images scaled to [0, 1]
    - parameters: dict from initialize_parameters
    Returns:
    - logits: (m, n_classes)
    - caches: tuple of the layer caches, for model_backward
    """
    Z1, conv1 = conv_forward_fast(X, parameters["W1"], parameters["b1"], HP_CONV)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = pool_forward_fast(A1, HP_POOL1, "max")
    Z2, conv2 = conv_forward_fast(P1, parameters["W2"], parameters["b2"], HP_CONV)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = pool_forward_fast(A2, HP_POOL2, "max")
    F = P2.reshape(P2.shape[0], -1)                       # flatten: (m, n_H/4 * n_W/4 * n_C2)
    logits, fc = fc_forward(F, parameters["W3"], parameters["b3"])
    return logits, (conv1, relu1, pool1, conv2, relu2, pool2, P2.shape, fc)


def model_backward(dlogits, caches):
    """Backward pass of the whole model.

    Inputs:
    - dlogits: (m, n_classes), gradient of the loss with respect to the logits
    - caches: from model_forward
    Returns:
    - grads: dict with dW1, db1, dW2, db2, dW3, db3 (shapes of the parameters) and
      dX (m, n_H, n_W, n_C_in)
    """
    conv1, relu1, pool1, conv2, relu2, pool2, P2_shape, fc = caches
    grads = {}
    dF, grads["dW3"], grads["db3"] = fc_backward(dlogits, fc)
    dP2 = dF.reshape(P2_shape)
    dA2 = pool_backward_fast(dP2, pool2, "max")
    dZ2 = relu_backward(dA2, relu2)
    dP1, grads["dW2"], grads["db2"] = conv_backward_fast(dZ2, conv2)
    dA1 = pool_backward_fast(dP1, pool1, "max")
    dZ1 = relu_backward(dA1, relu1)
    grads["dX"], grads["dW1"], grads["db1"] = conv_backward_fast(dZ1, conv1)
    return grads


def compute_loss(X, Y, parameters, label_smoothing=0.0):
    """Mean cross-entropy of the model on (X, Y). X: (m, n_H, n_W, n_C_in), Y: (m,). Returns a float."""
    logits, _ = model_forward(X, parameters)
    return softmax_cross_entropy(logits, Y, label_smoothing)[0]


def predict(X, parameters, batch_size=512):
    """Predicted classes.

    Inputs:
    - X: (m, n_H, n_W, n_C_in)
    - parameters: dict
    Returns:
    - predictions: (m,) int, argmax of the logits (computed batch_size images at a time)
    """
    out = [np.argmax(model_forward(X[k:k + batch_size], parameters)[0], axis=1)
           for k in range(0, X.shape[0], batch_size)]
    return np.concatenate(out)


def accuracy(X, Y, parameters):
    """Fraction of X's images whose predicted class is Y. Returns a float in [0, 1]."""
    return float(np.mean(predict(X, parameters) == Y))


# ---------------------------------------------------------------------------------------
# Gradient check of the whole model
# ---------------------------------------------------------------------------------------

def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||) (a float; ~1e-9 when both agree)."""
    return float(np.linalg.norm(analytic - numeric)
                 / max(1e-12, np.linalg.norm(analytic) + np.linalg.norm(numeric)))


def gradient_check(seed=1, m=2, n_C1=2, n_C2=3, eps=1e-6, label_smoothing=0.1, verbose=True):
    """Centred-difference check of model_backward on a tiny float64 model.

    Every parameter entry is moved by +-eps and the loss recomputed:
    numeric = (J(theta + eps) - J(theta - eps)) / (2 eps).  Random N(0, 1) input images
    (not digits) make ties in max pooling and ReLU inputs near 0 unlikely.  The loss is the
    training loss (label smoothing 0.1).

    Inputs:
    - seed, m (images), n_C1, n_C2 (filters), eps, label_smoothing
    Returns:
    - error: relative error over all parameters concatenated (should be < 1e-6)
    - per_parameter: dict name -> relative error
    """
    rng = np.random.default_rng(seed)
    parameters = initialize_parameters(seed, n_C1=n_C1, n_C2=n_C2, dtype=np.float64)
    for name in ("b1", "b2", "b3"):                     # non-zero biases, so their gradient paths are exercised
        parameters[name] = 0.1 * rng.standard_normal(parameters[name].shape)
    X = rng.standard_normal((m, 8, 8, 1))
    Y = rng.integers(0, 10, m)
    logits, caches = model_forward(X, parameters)
    _, dlogits = softmax_cross_entropy(logits, Y, label_smoothing)
    grads = model_backward(dlogits, caches)
    analytic, numeric, per_parameter = [], [], {}
    for name in ("W1", "b1", "W2", "b2", "W3", "b3"):
        theta = parameters[name]
        num = np.zeros(theta.shape)
        for idx in np.ndindex(theta.shape):
            old = theta[idx]
            theta[idx] = old + eps
            J_plus = compute_loss(X, Y, parameters, label_smoothing)
            theta[idx] = old - eps
            J_minus = compute_loss(X, Y, parameters, label_smoothing)
            theta[idx] = old
            num[idx] = (J_plus - J_minus) / (2 * eps)
        per_parameter[name] = relative_error(grads["d" + name], num)
        analytic.append(grads["d" + name].ravel())
        numeric.append(num.ravel())
    error = relative_error(np.concatenate(analytic), np.concatenate(numeric))
    if verbose:
        n = sum(a.size for a in analytic)
        print(f"gradient check ({m} random images, {n_C1} and {n_C2} filters, {n} parameters, eps={eps:g}): "
              f"relative error {error:.2e}  ("
              + ", ".join(f"{k} {v:.1e}" for k, v in per_parameter.items()) + ")")
    assert error < 1e-6, error
    return error, per_parameter


# ---------------------------------------------------------------------------------------
# Adam and training
# ---------------------------------------------------------------------------------------

def adam_init(parameters):
    """Adam's moving averages, all zeros.

    Inputs:
    - parameters: dict name -> array
    Returns:
    - v: dict "d" + name -> zeros like the parameter (first moment)
    - s: dict "d" + name -> zeros like the parameter (second moment)
    """
    v = {"d" + k: np.zeros_like(p) for k, p in parameters.items()}
    s = {"d" + k: np.zeros_like(p) for k, p in parameters.items()}
    return v, s


def adam_update(parameters, grads, v, s, t, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """One Adam step with bias correction (parameters, v and s are updated in place).

    Inputs:
    - parameters: dict name -> array; grads: dict "d" + name -> array of the same shape
    - v, s: from adam_init; t: the step number, starting at 1
    - learning_rate, beta1, beta2, epsilon: floats
    Returns:
    - parameters, v, s
      v = beta1 v + (1 - beta1) g;  s = beta2 s + (1 - beta2) g^2
      theta -= lr * (v / (1 - beta1^t)) / (sqrt(s / (1 - beta2^t)) + epsilon)
    """
    for name, theta in parameters.items():
        g = grads["d" + name]
        v["d" + name] = beta1 * v["d" + name] + (1 - beta1) * g
        s["d" + name] = beta2 * s["d" + name] + (1 - beta2) * g * g
        v_hat = v["d" + name] / (1 - beta1 ** t)
        s_hat = s["d" + name] / (1 - beta2 ** t)
        theta -= (learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)).astype(theta.dtype)
    return parameters, v, s


def train(X, Y, X_test=None, Y_test=None, epochs=20, batch_size=32, learning_rate=2e-3, lr_decay=0.85,
          label_smoothing=0.1, seed=0, n_C1=64, n_C2=64, dtype=np.float32, parameters=None,
          target_train_accuracy=None, verbose=True):
    """Mini-batch Adam on the softmax cross-entropy (with label smoothing).

    Inputs:
    - X: (m, 8, 8, 1) floats in [0, 1]; Y: (m,) int labels; X_test, Y_test: optional, same layout
    - epochs, batch_size: the usual; seed: initialization and shuffling (numpy default_rng)
    - learning_rate, lr_decay: the learning rate of epoch e (from 1) is learning_rate * lr_decay^(e-1)
    - label_smoothing: see softmax_cross_entropy (0 for the plain loss)
    - n_C1, n_C2, dtype: passed to initialize_parameters (ignored if parameters is given)
    - target_train_accuracy: stop after the first epoch that reaches it (e.g. 1.0)
    Prints one line per epoch: epoch, mean training loss over the epoch, train accuracy,
    test accuracy, seconds since the start (training plus the per-epoch evaluation).
    Returns:
    - parameters: dict of trained parameters
    - history: dict of lists "loss", "train_acc", "test_acc", "seconds" (one entry per epoch)
    """
    if parameters is None:
        parameters = initialize_parameters(seed, n_C1=n_C1, n_C2=n_C2, n_C_in=X.shape[3], dtype=dtype)
    X = X.astype(parameters["W1"].dtype, copy=False)
    rng = np.random.default_rng(seed)
    v, s = adam_init(parameters)
    t = 0
    m = X.shape[0]
    history = {"loss": [], "train_acc": [], "test_acc": [], "seconds": []}
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        order = rng.permutation(m)
        lr = learning_rate * lr_decay ** (epoch - 1)
        total = 0.0
        for k in range(0, m, batch_size):
            idx = order[k:k + batch_size]
            logits, caches = model_forward(X[idx], parameters)
            loss, dlogits = softmax_cross_entropy(logits, Y[idx], label_smoothing)
            grads = model_backward(dlogits, caches)
            t += 1
            adam_update(parameters, grads, v, s, t, lr)
            total += loss * len(idx)
        history["loss"].append(total / m)
        history["train_acc"].append(accuracy(X, Y, parameters))
        history["test_acc"].append(accuracy(X_test.astype(X.dtype, copy=False), Y_test, parameters)
                                   if X_test is not None else float("nan"))
        history["seconds"].append(time.perf_counter() - start)
        if verbose:
            print(f"epoch {epoch:3d}  loss {history['loss'][-1]:.4f}  train acc {history['train_acc'][-1]:.4f}  "
                  f"test acc {history['test_acc'][-1]:.4f}  {history['seconds'][-1]:6.2f} s", flush=True)
        if target_train_accuracy is not None and history["train_acc"][-1] >= target_train_accuracy:
            break
    return parameters, history


# ---------------------------------------------------------------------------------------
# Data and checks
# ---------------------------------------------------------------------------------------

def load_dataset(path=DATASET):
    """The digits: from datasets/digits.h5 if it exists, else rebuilt from scikit-learn.

    Returns:
    - train_x: (m_train, 8, 8, 1) uint8 0..255; train_y: (m_train,) int64
    - test_x: (m_test, 8, 8, 1) uint8; test_y: (m_test,) int64
    - classes: (10,) int64
    The fallback makes the same split as scripts/make_digits_h5.py (per class, a
    default_rng(0) permutation, round(20%) to the test set, load_digits order kept).
    """
    if Path(path).exists():
        import h5py
        with h5py.File(path, "r") as f:
            return tuple(f[k][...] for k in ("train_set_x", "train_set_y", "test_set_x", "test_set_y",
                                             "list_classes"))
    from sklearn.datasets import load_digits
    digits = load_digits()
    x = np.round(digits.images * 255.0 / 16.0).astype(np.uint8)[..., None]
    y = digits.target.astype(np.int64)
    rng = np.random.default_rng(0)
    train, test = [], []
    for c in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == c))
        n_test = int(round(0.2 * len(idx)))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    train, test = np.sort(np.concatenate(train)), np.sort(np.concatenate(test))
    return x[train], y[train], x[test], y[test], np.arange(10)


def overfit_check(X, Y, n=50, epochs=100, batch_size=10, learning_rate=2e-3, seed=0, **train_options):
    """Train on the first n images until they are all classified right (a sanity check).

    Constant learning rate (lr_decay 1).

    Inputs:
    - X, Y: training images in [0, 1] and labels; n: subset size; epochs: at most this many
    - batch_size, learning_rate, seed: as in train
    - train_options: other options of train (n_C1, n_C2, dtype, label_smoothing)
    Returns:
    - (epochs needed, seconds, final train accuracy); raises AssertionError if 100% is not reached
    """
    start = time.perf_counter()
    _, history = train(X[:n], Y[:n], epochs=epochs, batch_size=batch_size, learning_rate=learning_rate,
                       lr_decay=1.0, seed=seed, target_train_accuracy=1.0, verbose=False, **train_options)
    seconds = time.perf_counter() - start
    n_epochs, acc = len(history["train_acc"]), history["train_acc"][-1]
    print(f"overfit check: {n} images, batch {batch_size}, lr {learning_rate:g}: "
          f"train accuracy {acc:.4f} after {n_epochs} epochs, "
          f"{seconds:.2f} s (loss {history['loss'][-1]:.4f})")
    assert acc == 1.0, acc
    return n_epochs, seconds, acc


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--lr-decay", type=float, default=0.85)
    parser.add_argument("--label-smoothing", type=float, default=0.1)
    parser.add_argument("--filters", type=int, nargs=2, default=(64, 64), metavar=("N_C1", "N_C2"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0],
                        help="train once per seed (default 0); several: a summary line at the end")
    parser.add_argument("--float64", action="store_true", help="train in float64 (default float32)")
    parser.add_argument("--only-train", action="store_true", help="skip verify, gradient and overfit checks")
    args = parser.parse_args(argv)
    script_start = time.perf_counter()
    dtype = np.float64 if args.float64 else np.float32
    options = dict(batch_size=args.batch_size, learning_rate=args.lr, lr_decay=args.lr_decay,
                   label_smoothing=args.label_smoothing)

    train_x, train_y, test_x, test_y, classes = load_dataset()
    X, X_test = train_x.astype(dtype) / 255.0, test_x.astype(dtype) / 255.0
    print(f"data: train {X.shape} test {X_test.shape}, {len(classes)} classes, {np.dtype(dtype).name}; "
          f"numpy {np.__version__}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}, "
          f"{os.cpu_count()} cpus, load average {os.getloadavg()[0]:.1f}")

    if not args.only_train:
        t = time.perf_counter()
        verify()
        print(f"verify(): {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        gradient_check()
        print(f"gradient check: {time.perf_counter() - t:.1f} s")
        overfit_check(X, train_y, learning_rate=args.lr, label_smoothing=args.label_smoothing,
                      n_C1=args.filters[0], n_C2=args.filters[1], dtype=dtype)

    results = []
    for seed in args.seeds:
        parameters = initialize_parameters(seed, n_C1=args.filters[0], n_C2=args.filters[1], dtype=dtype)
        print(f"loss at initialization: {compute_loss(X, train_y, parameters):.4f} (ln 10 = {np.log(10):.4f})")
        print(f"training: conv 3x3 x{args.filters[0]} -> relu -> maxpool 2/2 -> conv 3x3 x{args.filters[1]} -> relu "
              f"-> maxpool 2/2 -> fc 10; Adam lr {args.lr:g} x {args.lr_decay:g}^(epoch-1), batch {args.batch_size}, "
              f"label smoothing {args.label_smoothing:g}, {args.epochs} epochs, seed {seed}")
        parameters, history = train(X, train_y, X_test, test_y, epochs=args.epochs, seed=seed,
                                    parameters=parameters, **options)
        n_right = int(round(history["test_acc"][-1] * len(test_y)))
        print(f"final: train accuracy {history['train_acc'][-1]:.4f}, test accuracy {history['test_acc'][-1]:.4f} "
              f"({n_right}/{len(test_y)}), training {history['seconds'][-1]:.1f} s")
        results.append((seed, history["test_acc"][-1], history["seconds"][-1]))
    if len(results) > 1:
        accs = np.array([r[1] for r in results])
        print("seeds " + ", ".join(f"{seed}: {acc:.4f} ({sec:.1f} s)" for seed, acc, sec in results))
        print(f"test accuracy over {len(accs)} seeds: mean {accs.mean():.4f}, min {accs.min():.4f}, "
              f"max {accs.max():.4f}, >= 0.98 for {(accs >= 0.98).sum()}")
    print(f"whole script: {time.perf_counter() - script_start:.1f} s")
    return parameters, history


if __name__ == "__main__":
    main()

"""Vectorized numpy convolution against PyTorch and against the loops. Prints figures.

    .venv/bin/pip install -r benchmarks/requirements.txt     # torch==2.13.0 (CPU)
    .venv/bin/python benchmarks/conv_vs_torch.py [--threads 2] [--repeats 7] [--loop-batch 2]

What is timed: one forward + backward pass of a convolution layer, float32,
batch 64, 32x32 images, 16 -> 32 channels, 3x3 filters, stride 1, pad 1 (all options):

  numpy   conv_forward_fast + conv_backward_fast below, the same code as the reference
          implementation of the "Convolutional Neural Networks: Application" assignment
          (conventions of "CNN step by step": NHWC, W (f, f, n_C_prev, n_C),
          b (1, 1, 1, n_C), cache (A_prev, W, b, hparameters)).  A block of images at a
          time (about BLOCK_BYTES = 1 MB of im2col matrix, here 1 image): im2col through
          a read-only as_strided window view, one matrix product for Z and one for dW;
          dA_prev as f*f products dZ W[p, q]^T added into strided slices of the padded
          input.
  torch   torch.nn.functional.conv2d on NCHW tensors (the same values, transposed
          once before timing) and autograd's backward with the same dZ: dA_prev, dW, db.
  loops   the four nested loops of the first assignment (conv_forward_loop,
          conv_backward_loop below), in float64 like there.  They take ~5 us (forward) and ~10 us (backward)
          per output value, about 30 s for the full batch, so they run on --loop-batch
          images (default 2) and their time is multiplied by batch / loop-batch: the
          outer loop is over the images and every image costs the same.

Each pass is timed as forward, then backward, in rounds that alternate numpy and torch
(so both see the same machine load), after --warmup untimed rounds; the figures are
the median (and the minimum) over --repeats rounds.  The script then checks that numpy
and torch agree (max abs difference of Z, dA_prev, dW, db; float32, so about 1e-6 of
the values' size), that the loops agree with numpy on their small batch, and prints
the ratios numpy/torch and loops/numpy.

Threads: torch.set_num_threads(--threads).  numpy's matrix products run in OpenBLAS,
whose thread count is fixed when numpy is imported: this script sets
OPENBLAS_NUM_THREADS (and OMP_NUM_THREADS, MKL_NUM_THREADS) to --threads before
importing numpy, unless they are already set, and prints what OpenBLAS reports
(through threadpoolctl when it is installed, which the course environment does not
need; otherwise the variables alone).  The rest of numpy (copies, additions) is single
threaded.  On a 2-core machine that other processes also use, 2 threads make both
libraries slow and erratic (a thread waits for the other one's core at every matrix
product; the per-round totals printed show it): --threads 1 gives steadier figures.

Measured on the 2-core course machine (AMD EPYC, AVX-512; OpenBLAS 0.3.31, torch 2.13.0
with oneDNN), with other jobs keeping the load average at 2-3:
  --threads 1   numpy 36-47 ms, torch 23-28 ms: numpy/torch 1.4x-1.8x (mostly 1.5x-1.7x;
                minima 1.5x-1.6x); loops 25-45 s, 650x-1000x numpy.
  --threads 2   medians vary several-fold between runs (rounds of 35 ms and of 2.5 s);
                minima numpy ~35 ms, torch ~23 ms (1.5x); loops/numpy 76x-580x.
Before the numpy code took blocks of images, im2col of the whole batch (36 MB) with one
matrix product made numpy/torch 2.2x-2.6x (--block-bytes 67108864 shows it); einsum
(optimize=True) and tensordot on the window view were slower than im2col + matmul.
"""

import argparse
import os
import sys
import time

_parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
_parser.add_argument("--threads", type=int, default=2, help="threads for torch and OpenBLAS (default 2)")
_parser.add_argument("--batch", type=int, default=64)
_parser.add_argument("--size", type=int, default=32, help="image height and width")
_parser.add_argument("--channels", type=int, nargs=2, default=(16, 32), metavar=("N_C_PREV", "N_C"))
_parser.add_argument("--f", type=int, default=3)
_parser.add_argument("--stride", type=int, default=1)
_parser.add_argument("--pad", type=int, default=1)
_parser.add_argument("--repeats", type=int, default=7, help="timed rounds (median reported), at least 5")
_parser.add_argument("--warmup", type=int, default=2)
_parser.add_argument("--loop-batch", type=int, default=2, help="images for the loop version (scaled up)")
_parser.add_argument("--loop-repeats", type=int, default=3)
_parser.add_argument("--block-bytes", type=int, default=None,
                     help="im2col block size of the numpy version (default BLOCK_BYTES, 1 MB)")
ARGS = _parser.parse_args() if __name__ == "__main__" else _parser.parse_args([])

# Before numpy is imported: OpenBLAS reads its thread count once, at load time.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, str(ARGS.threads))

import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import as_strided  # noqa: E402


# ---------------------------------------------------------------------------------------
# The numpy implementation (identical to the assignment's reference)
# ---------------------------------------------------------------------------------------

# Size of the im2col matrix built at once by the fast convolutions (see image_blocks).
BLOCK_BYTES = 1 << 20


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


# ---------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------

def numpy_pass(A_prev, W, b, hparameters, dZ, block_bytes=None):
    """One forward + backward pass in numpy; returns (seconds forward, seconds backward, outputs)."""
    t0 = time.perf_counter()
    Z, cache = conv_forward_fast(A_prev, W, b, hparameters, block_bytes)
    t1 = time.perf_counter()
    dA_prev, dW, db = conv_backward_fast(dZ, cache, block_bytes)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, (Z, dA_prev, dW, db)


def torch_pass(torch, A_t, W_t, b_t, dZ_t, stride, pad):
    """One forward + backward pass in torch (autograd); returns (seconds forward, seconds backward, outputs)."""
    A_t.grad = W_t.grad = b_t.grad = None
    t0 = time.perf_counter()
    Z_t = torch.nn.functional.conv2d(A_t, W_t, b_t, stride=stride, padding=pad)
    t1 = time.perf_counter()
    Z_t.backward(dZ_t)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, (Z_t, A_t.grad, W_t.grad, b_t.grad)


def from_torch(Z_t, dA_t, dW_t, db_t):
    """Torch's NCHW results in the NHWC / (f, f, n_C_prev, n_C) layout of the numpy code."""
    return (Z_t.detach().numpy().transpose(0, 2, 3, 1), dA_t.numpy().transpose(0, 2, 3, 1),
            dW_t.numpy().transpose(2, 3, 1, 0), db_t.numpy().reshape(1, 1, 1, -1))


def blas_threads():
    """What OpenBLAS says about its threads (threadpoolctl if installed, else the environment)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return ("threadpoolctl not installed; OPENBLAS_NUM_THREADS=%s set before numpy was imported"
                % os.environ.get("OPENBLAS_NUM_THREADS"))
    info = [f"{d.get('internal_api')} {d.get('version')} num_threads={d.get('num_threads')}"
            for d in threadpool_info() if d.get("user_api") == "blas"]
    return "; ".join(info) or "threadpoolctl found no BLAS"


def ms(seconds):
    return f"{seconds * 1e3:9.1f} ms"


def main(args=ARGS):
    import torch

    torch.set_num_threads(args.threads)
    if args.repeats < 5:
        sys.exit("--repeats must be at least 5")
    m, n, f = args.batch, args.size, args.f
    n_C_prev, n_C = args.channels
    hp = {"stride": args.stride, "pad": args.pad}
    rng = np.random.default_rng(0)
    A_prev = rng.standard_normal((m, n, n, n_C_prev)).astype(np.float32)
    W = (rng.standard_normal((f, f, n_C_prev, n_C)) * np.sqrt(2.0 / (f * f * n_C_prev))).astype(np.float32)
    b = (0.1 * rng.standard_normal((1, 1, 1, n_C))).astype(np.float32)
    n_H = (n + 2 * args.pad - f) // args.stride + 1
    dZ = rng.standard_normal((m, n_H, n_H, n_C)).astype(np.float32)

    # the same values for torch, NCHW and (n_C, n_C_prev, f, f), converted once, outside the timings
    A_t = torch.from_numpy(np.ascontiguousarray(A_prev.transpose(0, 3, 1, 2))).requires_grad_()
    W_t = torch.from_numpy(np.ascontiguousarray(W.transpose(3, 2, 0, 1))).requires_grad_()
    b_t = torch.from_numpy(b.reshape(-1).copy()).requires_grad_()
    dZ_t = torch.from_numpy(np.ascontiguousarray(dZ.transpose(0, 3, 1, 2)))

    print(f"conv forward + backward, float32: batch {m}, {n}x{n}, {n_C_prev} -> {n_C} channels, "
          f"{f}x{f}, stride {args.stride}, pad {args.pad}")
    print(f"numpy {np.__version__}, torch {torch.__version__} (mkldnn {torch.backends.mkldnn.is_available()}), "
          f"{os.cpu_count()} cpus, torch threads {torch.get_num_threads()}")
    print(f"BLAS: {blas_threads()}")
    blocks = image_blocks(m, n_H * n_H * f * f * n_C_prev * A_prev.itemsize, args.block_bytes)
    print(f"numpy: im2col in {len(blocks)} blocks of {blocks[0].stop - blocks[0].start} images "
          f"({(blocks[0].stop - blocks[0].start) * n_H * n_H * f * f * n_C_prev * A_prev.itemsize / 2**20:.1f} MB)")
    load_before = os.getloadavg()[0]

    for _ in range(args.warmup):
        numpy_pass(A_prev, W, b, hp, dZ, args.block_bytes)
        torch_pass(torch, A_t, W_t, b_t, dZ_t, args.stride, args.pad)
    times = {"numpy": [], "torch": []}
    for _ in range(args.repeats):
        fw, bw, out_np = numpy_pass(A_prev, W, b, hp, dZ, args.block_bytes)
        times["numpy"].append((fw, bw, fw + bw))
        fw, bw, out_t = torch_pass(torch, A_t, W_t, b_t, dZ_t, args.stride, args.pad)
        times["torch"].append((fw, bw, fw + bw))

    # loops on a small batch, scaled to the full batch
    # (in float64, like the first assignment, so that they are also an exact reference)
    k = args.loop_batch
    small = [x.astype(np.float64) for x in (A_prev[:k], W, b, dZ[:k])]
    loop_times = []
    for _ in range(args.loop_repeats):
        t0 = time.perf_counter()
        Z_l, cache_l = conv_forward_loop(small[0], small[1], small[2], hp)
        t1 = time.perf_counter()
        out_l = (Z_l,) + conv_backward_loop(small[3], cache_l)
        t2 = time.perf_counter()
        loop_times.append((t1 - t0, t2 - t1, t2 - t0))
    load_after = os.getloadavg()[0]

    med = {name: np.median(np.array(v), axis=0) for name, v in times.items()}
    low = {name: np.min(np.array(v), axis=0) for name, v in times.items()}
    loop_med = np.median(np.array(loop_times), axis=0) * (m / k)

    print(f"\n{'':8s}{'forward':>12s}{'backward':>12s}{'total':>12s}{'total (min)':>14s}   "
          f"(median of {args.repeats} after {args.warmup} warm-up rounds)")
    for name in ("numpy", "torch"):
        print(f"{name:8s}" + "".join(f"{ms(x):>12s}" for x in med[name]) + f"{ms(low[name][2]):>14s}")
    print(f"{'loops':8s}" + "".join(f"{ms(x):>12s}" for x in loop_med)
          + f"   (batch {k}, median of {args.loop_repeats}, x {m / k:g})")
    print("numpy per-round totals:", " ".join(f"{t[2] * 1e3:.0f}" for t in times["numpy"]), "ms")
    print("torch per-round totals:", " ".join(f"{t[2] * 1e3:.0f}" for t in times["torch"]), "ms")
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after")

    names = ("Z", "dA_prev", "dW", "db")
    print("\nnumpy vs torch (float32), max |diff| (max |value|):")
    for name, x, y in zip(names, out_np, from_torch(*out_t)):
        print(f"  {name:8s}{np.abs(x - y).max():.2e}  ({np.abs(y).max():.2e})")
    print(f"loops (float64) vs numpy on the first {k} images, max |diff|: numpy float32 | numpy float64")
    for dtype in (np.float32, np.float64):
        A_s, W_s, b_s, dZ_s = (x.astype(dtype) for x in small)
        Z_s, cache_s = conv_forward_fast(A_s, W_s, b_s, hp)
        small_diffs = [np.abs(x - y).max() for x, y in zip((Z_s,) + conv_backward_fast(dZ_s, cache_s), out_l)]
        if dtype == np.float32:
            diffs32 = small_diffs
    for name, d32, d64 in zip(names, diffs32, small_diffs):
        print(f"  {name:8s}{d32:.2e} | {d64:.2e}")

    ratio_torch = med["numpy"][2] / med["torch"][2]
    ratio_loops = loop_med[2] / med["numpy"][2]
    print(f"\nnumpy / torch: {ratio_torch:.2f}x (forward {med['numpy'][0] / med['torch'][0]:.2f}x, "
          f"backward {med['numpy'][1] / med['torch'][1]:.2f}x; from the minima "
          f"{low['numpy'][2] / low['torch'][2]:.2f}x)   target <= 1.5x: {'met' if ratio_torch <= 1.5 else 'NOT met'}")
    print(f"loops / numpy: {ratio_loops:.0f}x   target >= 100x: {'met' if ratio_loops >= 100 else 'NOT met'}")


if __name__ == "__main__":
    main()

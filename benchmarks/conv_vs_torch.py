"""Vectorized numpy convolution against PyTorch and against the loops. Prints figures.

    .venv/bin/pip install -r benchmarks/requirements.txt     # torch==2.13.0 (CPU)
    .venv/bin/python benchmarks/conv_vs_torch.py [--threads 2] [--repeats 7] [--loop-batch 2]
                                                 [--implementation notebook]

What is timed: one forward + backward pass of a convolution layer, float32,
batch 64, 32x32 images, 16 -> 32 channels, 3x3 filters, stride 1, pad 1 (all options):

  numpy   conv_forward_fast + conv_backward_fast of the reference
          implementation of the "Convolutional Neural Networks: Application" assignment
          (conventions of "CNN step by step": NHWC, W (f, f, n_C_prev, n_C),
          b (1, 1, 1, n_C), cache (A_prev, W, b, hparameters)).  A block of images at a
          time (about BLOCK_BYTES = 1 MB of im2col matrix, here 1 image): im2col through
          a read-only as_strided window view, one matrix product for Z and one for dW;
          dA_prev as f*f products dZ W[p, q]^T added into strided slices of the padded
          input.
          With --implementation notebook: instead, the reference solution of the
          notebook's exercises 1 and 2 (source/cnn_application/cnn_application.ipynb), which is
          shorter: im2col of the whole batch through sliding_window_view, no blocks.
  torch   torch.nn.functional.conv2d on NCHW tensors (the same values, transposed
          once before timing) and autograd's backward with the same dZ: dA_prev, dW, db.
  loops   the four nested loops of the first assignment (conv_forward_loop,
          conv_backward_loop of the reference), in float64 like there.  They take ~5 us (forward) and ~10 us (backward)
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
_parser.add_argument("--implementation", choices=["reference", "notebook"], default="reference",
                     help="the numpy code timed: cnn_course.solutions.cnn_application (default) or the notebook's solution")
ARGS = _parser.parse_args() if __name__ == "__main__" else _parser.parse_args([])

# Before numpy is imported: OpenBLAS reads its thread count once, at load time.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, str(ARGS.threads))

import numpy as np  # noqa: E402

# The numpy implementation and the loops are the reference implementation's own functions
# (cnn_course/solutions/cnn_application.py), imported so that the benchmark times exactly that code.
from cnn_course.solutions.cnn_application import (  # noqa: E402
    conv_backward_fast,
    conv_backward_loop,
    conv_forward_fast,
    conv_forward_loop,
    image_blocks,
    zero_pad,
)


def notebook_solution():
    """conv_forward_fast and conv_backward_fast as the notebook's solution cells define them
    (taking and ignoring the block_bytes argument of the reference's versions)."""
    import nbformat
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "source", "cnn_application",
                        "cnn_application.ipynb")
    namespace = {"np": np, "zero_pad": zero_pad}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") in ("conv_forward_fast", "conv_backward_fast"):
            exec("".join(line for line in cell.source.splitlines(True) if "### " not in line), namespace)
    return (lambda A, W, b, hp, block_bytes=None: namespace["conv_forward_fast"](A, W, b, hp),
            lambda dZ, cache, block_bytes=None: namespace["conv_backward_fast"](dZ, cache))


if ARGS.implementation == "notebook":
    conv_forward_fast, conv_backward_fast = notebook_solution()


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
    if args.implementation == "notebook":
        print("numpy: the notebook's solution, im2col of the whole batch "
              f"({m * n_H * n_H * f * f * n_C_prev * A_prev.itemsize / 2**20:.1f} MB)")
    else:
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

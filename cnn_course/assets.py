"""Files the assignment folders need besides their notebooks: figures, example data, and the
shared ``cnn_checks.py``.

``images/`` at the course root holds every figure, drawn by ``figures.py``; the ones an
assignment uses are copied into ``source/<assignment>/images/`` so that the generated
release is self-contained.  ``data/conv_forward_Z.npy`` is the ``Z`` of the seeds'
conv_forward example, which the conv_backward test uses as ``dZ`` so that it does not
depend on the student's conv_forward.  ``cnn_checks.py`` is written once, in
``source/cnn_step_by_step/``, and copied into the other assignments' folders.
"""

import re
import shutil
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import ROOT
from .figures import draw_all

IMAGES = ROOT / "images"
CHECKS = ROOT / "source" / "cnn_step_by_step" / "cnn_checks.py"


def seed_conv_forward_Z():
    """Z of the seeds' conv_forward example (np.random.seed(1); A_prev (10, 4, 4, 3),
    W (2, 2, 3, 8), b (1, 1, 1, 8), pad 2, stride 2): shape (10, 4, 4, 8), mean 0.0489952..."""
    np.random.seed(1)
    A_prev = np.random.randn(10, 4, 4, 3)
    W = np.random.randn(2, 2, 3, 8)
    b = np.random.randn(1, 1, 1, 8)
    pad, stride, f = 2, 2, 2
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    return np.einsum("mhwcpq,pqck->mhwk", windows, W) + b


def images_used(notebook_path):
    """File names under images/ that a notebook refers to (markdown links and code)."""
    text = Path(notebook_path).read_text(encoding="utf-8")
    return sorted(set(re.findall(r"images/([\w.-]+\.(?:png|gif|jpg))", text)))


def build(assignment="cnn_step_by_step", progress=print):
    """Draw every figure into images/, write the example data, and copy into
    source/<assignment>/ the figures its notebook uses."""
    draw_all(IMAGES, progress)
    folder = ROOT / "source" / assignment
    if assignment == "cnn_step_by_step":
        (folder / "data").mkdir(parents=True, exist_ok=True)
        np.save(folder / "data" / "conv_forward_Z.npy", seed_conv_forward_Z())
        progress(f"data: wrote {folder.relative_to(ROOT)}/data/conv_forward_Z.npy")
    sync_images(assignment, progress)


def sync_checks(assignment, progress=print):
    """Copy the course's cnn_checks.py into source/<assignment>/ (other than the first)."""
    target = ROOT / "source" / assignment / CHECKS.name
    if target != CHECKS and (not target.exists() or target.read_bytes() != CHECKS.read_bytes()):
        shutil.copy2(CHECKS, target)
        progress(f"checks: copied {CHECKS.relative_to(ROOT)} into {target.parent.relative_to(ROOT)}/")


def sync_images(assignment="cnn_step_by_step", progress=print):
    """Copy into source/<assignment>/images/ exactly the figures its notebook uses (if any)."""
    folder = ROOT / "source" / assignment
    wanted = images_used(folder / f"{assignment}.ipynb")
    target = folder / "images"
    if target.exists():
        shutil.rmtree(target)
    if not wanted:
        return
    target.mkdir()
    for name in wanted:
        shutil.copy2(IMAGES / name, target / name)
    progress(f"images: copied {len(wanted)} figures into {target.relative_to(ROOT)}/")

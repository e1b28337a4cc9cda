"""Build the dataset of the "Convolutional Neural Networks: Application" assignment.

Usage (from the repository root):

    .venv/bin/pip install scikit-learn && .venv/bin/python scripts/make_digits_h5.py

The images are the handwritten digits that scikit-learn ships inside its package
(``sklearn.datasets.load_digits()``: 1,797 grayscale 8x8 images, pixel values 0..16,
10 classes), a copy of the test set of the UCI ML "Optical Recognition of Handwritten
Digits" dataset.  Reading them needs no download.  scikit-learn is needed only to run this
script, not by the course: the result is committed as

    source/cnn_application/datasets/digits.h5

laid out like the original course's SIGNS files, but train and test in ONE file:

    train_set_x   uint8  (m_train, 8, 8, 1)   pixels scaled 0..16 -> 0..255
    train_set_y   int64  (m_train,)           labels 0..9
    test_set_x    uint8  (m_test, 8, 8, 1)
    test_set_y    int64  (m_test,)
    list_classes  int64  (10,)                [0, 1, ..., 9]

and root attributes ``source``, ``license`` and ``created_by``.

Split: stratified and deterministic.  For each class in turn (0 to 9) the class's images
are permuted with one ``numpy.random.default_rng(0)`` generator, and round(20%) of them go
to the test set.  Each split keeps the original order of load_digits (which is already
mixed across classes).

The file is written so that rerunning the script gives identical bytes (same h5py and
HDF5 versions): no compression, no chunking, ``track_times=False`` on every dataset.
The script prints the shapes, the class counts, the sha256 of the file and a checksum of
the contents (the one tests/test_application_data.py checks, independent of h5py's
version).
"""

import hashlib
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "source" / "cnn_application" / "datasets" / "digits.h5"
TEST_SHARE = 0.2
SEED = 0
KEYS = ("train_set_x", "train_set_y", "test_set_x", "test_set_y", "list_classes")


def stratified_split(y, test_share=TEST_SHARE, seed=SEED):
    """Indices (train, test), each sorted, with round(test_share * n_c) images of every
    class c in the test set; deterministic for a given seed."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for c in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == c))
        n_test = int(round(test_share * len(idx)))
        test.append(idx[:n_test])
        train.append(idx[n_test:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def content_sha256(arrays):
    """sha256 over the arrays' names, dtypes, shapes and bytes in the order of KEYS.
    Unlike the file's sha256, it does not depend on the h5py/HDF5 version."""
    h = hashlib.sha256()
    for key in KEYS:
        a = np.ascontiguousarray(arrays[key])
        a = a.astype(a.dtype.newbyteorder("<"), copy=False)
        h.update(f"{key}:{a.dtype.str}:{a.shape};".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def build():
    """The five arrays and the root attributes, from sklearn's load_digits."""
    import sklearn
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.images                                   # (1797, 8, 8) float64, 0..16
    x = np.round(images * 255 / 16).astype(np.uint8)[..., np.newaxis]   # (1797, 8, 8, 1)
    y = digits.target.astype(np.int64)                       # (1797,)
    train, test = stratified_split(y)
    arrays = {
        "train_set_x": x[train], "train_set_y": y[train],
        "test_set_x": x[test], "test_set_y": y[test],
        "list_classes": np.arange(10, dtype=np.int64),
    }
    # load_digits' DESCR (scikit-learn 1.9.1) names the UCI source but states no license.
    descr = digits.DESCR
    license_lines = [line.strip() for line in descr.splitlines() if "licen" in line.lower()]
    attrs = {
        "source": ("Handwritten digits from scikit-learn's sklearn.datasets.load_digits() "
                   f"(scikit-learn {sklearn.__version__}), a copy of the test set of the UCI ML "
                   "'Optical Recognition of Handwritten Digits' dataset (E. Alpaydin, C. Kaynak, 1998)."),
        "license": (" ".join(license_lines) if license_lines else
                    "see scikit-learn's documentation of load_digits (UCI ML repository)"),
        "created_by": "scripts/make_digits_h5.py",
    }
    return arrays, attrs


def write(path, arrays, attrs):
    """Write the arrays (uncompressed, no timestamps) and root attributes to path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as f:
        for key in KEYS:
            f.create_dataset(key, data=arrays[key], track_times=False)
        for name, value in attrs.items():
            f.attrs[name] = value


def main():
    arrays, attrs = build()
    write(OUTPUT, arrays, attrs)
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size} bytes)")
    for key in KEYS:
        print(f"  {key:13s} {str(arrays[key].dtype):6s} {arrays[key].shape}")
    for split in ("train", "test"):
        counts = np.bincount(arrays[f"{split}_set_y"], minlength=10)
        print(f"  {split:5s} class counts: {counts.tolist()}  total {counts.sum()}")
    for name, value in attrs.items():
        print(f"  attr {name}: {value}")
    print(f"file sha256:    {hashlib.sha256(OUTPUT.read_bytes()).hexdigest()}")
    print(f"content sha256: {content_sha256(arrays)}")


if __name__ == "__main__":
    main()

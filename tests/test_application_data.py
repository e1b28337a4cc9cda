"""The committed dataset of the "CNN: Application" assignment and its loader.

source/cnn_application/datasets/digits.h5 is written by scripts/make_digits_h5.py from
scikit-learn's load_digits; these tests read only the file (no scikit-learn needed).
"""

import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "source" / "cnn_application"
DATASET = APP / "datasets" / "digits.h5"
sys.path.insert(0, str(ROOT / "scripts"))
from make_digits_h5 import KEYS, content_sha256  # noqa: E402  (the script imports scikit-learn only to build)

pytestmark = pytest.mark.fast   # part of `make test-fast`

M_TOTAL = 1797
# sha256 of the contents (see content_sha256), as printed by scripts/make_digits_h5.py.
CONTENT_SHA256 = "62f3a089f20c520dfd6d18eb507c9e415f8904927c46e81c50f92446aeca76ca"


@pytest.fixture(scope="module")
def data():
    """({key: array}, {attribute: value}) read from the committed file."""
    with h5py.File(DATASET, "r") as f:
        arrays = {key: f[key][()] for key in f.keys()}
        attrs = dict(f.attrs)
    return arrays, attrs


@pytest.fixture(scope="module")
def utils():
    sys.path.insert(0, str(APP))
    try:
        import cnn_app_utils
    finally:
        sys.path.remove(str(APP))
    return cnn_app_utils


def test_file_is_small():
    assert DATASET.stat().st_size < 1_000_000


def test_keys(data):
    arrays, _ = data
    assert sorted(arrays) == sorted(KEYS)


@pytest.mark.parametrize("split", ["train", "test"])
def test_shapes_and_dtypes(data, split):
    arrays, _ = data
    x, y = arrays[f"{split}_set_x"], arrays[f"{split}_set_y"]
    m = y.shape[0]
    assert x.dtype == np.uint8
    assert y.dtype == np.int64
    assert x.shape == (m, 8, 8, 1)
    assert y.shape == (m,)


def test_split_sizes_and_classes(data):
    arrays, _ = data
    y_train, y_test = arrays["train_set_y"], arrays["test_set_y"]
    assert y_train.shape[0] + y_test.shape[0] == M_TOTAL
    n_train = np.bincount(y_train, minlength=10)
    n_test = np.bincount(y_test, minlength=10)
    assert len(n_train) == len(n_test) == 10           # labels are 0..9 only
    assert (n_train > 0).all() and (n_test > 0).all()  # every class in both splits
    n_class = n_train + n_test
    assert np.all(np.abs(n_test - 0.2 * n_class) <= 1), (n_test, n_class)


def test_pixels(data):
    arrays, _ = data
    for split in ("train", "test"):
        x = arrays[f"{split}_set_x"]
        assert x.min() >= 0 and x.max() == 255
    # scaled from 0..16 with np.round(x * 255 / 16): only those 17 values occur
    allowed = np.round(np.arange(17) * 255 / 16).astype(np.uint8)
    assert np.isin(np.concatenate([arrays["train_set_x"].ravel(), arrays["test_set_x"].ravel()]),
                   allowed).all()


def test_list_classes(data):
    arrays, _ = data
    assert arrays["list_classes"].dtype == np.int64
    assert arrays["list_classes"].tolist() == list(range(10))


def test_attributes(data):
    _, attrs = data
    for name in ("source", "license", "created_by"):
        assert name in attrs and str(attrs[name]).strip(), name
    assert "load_digits" in str(attrs["source"]) and "UCI" in str(attrs["source"])
    assert attrs["created_by"] == "scripts/make_digits_h5.py"


def test_content_checksum(data):
    arrays, _ = data
    assert content_sha256(arrays) == CONTENT_SHA256


def test_load_dataset(utils, data):
    arrays, _ = data
    x_train, y_train, x_test, y_test, classes = utils.load_dataset(DATASET)
    m_train, m_test = arrays["train_set_y"].shape[0], arrays["test_set_y"].shape[0]
    assert x_train.shape == (m_train, 8, 8, 1) and x_train.dtype == np.uint8
    assert x_test.shape == (m_test, 8, 8, 1) and x_test.dtype == np.uint8
    assert y_train.shape == (1, m_train) and y_train.dtype == np.int64
    assert y_test.shape == (1, m_test) and y_test.dtype == np.int64
    assert classes.tolist() == list(range(10))
    np.testing.assert_array_equal(x_train, arrays["train_set_x"])
    np.testing.assert_array_equal(y_test[0], arrays["test_set_y"])


def test_load_dataset_default_path(utils, monkeypatch):
    monkeypatch.chdir(APP)  # the notebook's folder
    x_train, y_train, *_ = utils.load_dataset()
    assert y_train.shape == (1, x_train.shape[0])


def test_convert_to_one_hot(utils):
    Y = np.array([[1, 0, 3, 1]])
    expected = np.array([[0, 1, 0, 0],
                         [1, 0, 0, 1],
                         [0, 0, 0, 0],
                         [0, 0, 1, 0]], dtype=float)
    got = utils.convert_to_one_hot(Y, 4)
    assert got.shape == (4, 4)
    np.testing.assert_array_equal(got, expected)
    assert utils.convert_to_one_hot(np.array([2, 0]), 3).shape == (3, 2)

"""Helpers for the "Convolutional Neural Networks: Sentence Classification" assignment.

    load_reviews(path)            -> dict: the movie-review sentences, split into train/dev/test,
                                     their token ids, the vocabulary and its GloVe vectors
    to_ascii(text)                -> text with HTML entities and accents replaced (the first
                                     step of tokenize)
    conv1d_forward_loop(X, W, b)  -> Z, cache: a convolution over time with plain loops (slow,
                                     plainly right), that the notebook compares its fast one with

The data (data/reviews.h5) was built once by the course's scripts/make_reviews_h5.py from the
sentence-polarity snippets of Pang & Lee (2005), as shipped with the ratings of Hutto & Gilbert
(2014) in the vaderSentiment source package (MIT licence), and the GloVe 6B 50-d vectors of
Pennington, Socher & Manning (2014, PDDL-1.0).
"""

import html
import unicodedata

import h5py
import numpy as np

SPLITS = ("train", "dev", "test")


def load_reviews(path="data/reviews.h5"):
    """Load the movie-review sentences.

    Inputs:
    - path: the HDF5 file; a relative path is read from the current working directory (the
      notebook's folder).

    Returns a dict with
    - "train", "dev", "test": dicts with
        "sentences": list of str, the sentences as written
        "ids": int64 array (N, L), the token ids of each sentence, left-aligned, 0-padded
        "lengths": int64 array (N,), the number of tokens of each sentence (>= 1)
        "labels": int64 array (N,), 1 positive, 0 negative
        "ratings": float32 array (N,), the mean human rating, -4 (negative) .. +4 (positive)
    - "vocab": list of str, the token of each id (0 "<pad>", 1 "<unk>", then the words of
      the training sentences by decreasing count)
    - "glove": float32 array (V, 50), the GloVe vector of each token, 0 where it has none
    - "glove_found": bool array (V,), whether the token has a GloVe vector
    """
    data = {}
    with h5py.File(path, "r") as f:
        for split in SPLITS:
            data[split] = {
                "sentences": [str(s) for s in f[f"{split}_sentences"].asstr()[()]],
                "ids": f[f"{split}_ids"][()].astype(np.int64),
                "lengths": f[f"{split}_lengths"][()].astype(np.int64),
                "labels": f[f"{split}_labels"][()].astype(np.int64),
                "ratings": f[f"{split}_ratings"][()].astype(np.float32),
            }
        data["vocab"] = [str(s) for s in f["vocab"].asstr()[()]]
        data["glove"] = f["glove50"][()].astype(np.float32)
        data["glove_found"] = f["glove_found"][()].astype(bool)
    return data


def to_ascii(text):
    """HTML entities unescaped ("&amp;" -> "&"), curly quotes made straight, accents removed
    ("café" -> "cafe"), and any other character outside ASCII dropped."""
    text = html.unescape(text).replace("\u2019", "'").replace("\u2018", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def conv1d_forward_loop(X, W, b):
    """Convolution over time with loops: Z[i, t, k] = sum over the window of width w starting at
    word t of X[i, t:t + w, :] * W[:, :, k], plus b[0, k].

    X (m, T, d), W (w, d, F), b (1, F) -> Z (m, T - w + 1, F), float64; cache (X, W, b)."""
    m, T, d = X.shape
    w, _, F = W.shape
    Z = np.zeros((m, T - w + 1, F))
    for i in range(m):
        for t in range(T - w + 1):
            for k in range(F):
                Z[i, t, k] = np.sum(X[i, t:t + w, :] * W[:, :, k]) + b[0, k]
    return Z, (X, W, b)

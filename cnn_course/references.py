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


# ---- the sentence classifier (cnn_text): float64 references of its layers and model

def _conv1d_reference(X, W, b):
    w = W.shape[0]
    windows = np.lib.stride_tricks.sliding_window_view(X.astype(np.float64), w, axis=1)     # (m, n_T, d, w)
    return np.einsum("mtdp,pdk->mtk", windows, W.astype(np.float64)) + b.astype(np.float64).reshape(1, 1, -1)


def _conv1d_backward_reference(dZ, X, W):
    dZ, X, W = dZ.astype(np.float64), X.astype(np.float64), W.astype(np.float64)
    w, n_T = W.shape[0], dZ.shape[1]
    windows = np.lib.stride_tricks.sliding_window_view(X, w, axis=1)[:, :n_T]
    dX = np.zeros(X.shape)
    for p in range(w):
        dX[:, p:p + n_T, :] += np.einsum("mtk,dk->mtd", dZ, W[p])
    return dX, np.einsum("mtdp,mtk->pdk", windows, dZ), dZ.sum(axis=(0, 1)).reshape(1, -1)


def _max_over_time_reference(A, lengths):
    valid = np.arange(A.shape[1])[None, :] < np.asarray(lengths)[:, None]
    positions = np.argmax(np.where(valid[:, :, None], A, -np.inf), axis=1)
    return np.take_along_axis(A, positions[:, None, :], axis=1)[:, 0, :], positions


def _text_layers():
    """Correct stand-ins for the graded layers of the sentence classifier, by the notebook's names
    (not fc_forward and fc_backward: the notebook gives those)."""
    def embedding_forward(ids, E):
        return E[ids], (ids, E)

    def embedding_backward(dX, cache):
        ids, E = cache
        dE = np.zeros(E.shape, dtype=np.result_type(dX, E))
        np.add.at(dE, ids.reshape(-1), dX.reshape(-1, E.shape[1]))
        return dE

    def conv1d_forward(X, W, b):
        return _conv1d_reference(X, W, b).astype(np.result_type(X, W)), (X, W, b)

    def conv1d_backward(dZ, cache):
        X, W, b = cache
        return tuple(g.astype(np.result_type(dZ, W)) for g in _conv1d_backward_reference(dZ, X, W))

    def max_over_time_forward(A, lengths):
        P, positions = _max_over_time_reference(A, lengths)
        return P, (A.shape, positions)

    def max_over_time_backward(dP, cache):
        shape, positions = cache
        dA = np.zeros(shape, dtype=dP.dtype)
        np.put_along_axis(dA, positions[:, None, :], dP[:, None, :], axis=1)
        return dA

    def dropout_forward(X, p, rng, train=True):
        if not train or p == 0:
            return X, None
        mask = (rng.random(X.shape) >= p) / (1 - p)
        return X * mask, mask

    def dropout_backward(dout, cache):
        return dout if cache is None else dout * cache

    def softmax_loss(logits, y):
        z = logits - logits.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        dlogits = np.exp(log_p)
        dlogits[np.arange(len(y)), y] -= 1
        return float(-log_p[np.arange(len(y)), y].mean()), dlogits / len(y)

    return {"embedding_forward": embedding_forward, "embedding_backward": embedding_backward,
            "conv1d_forward": conv1d_forward, "conv1d_backward": conv1d_backward,
            "relu_forward": lambda Z: (np.maximum(Z, 0), Z), "relu_backward": lambda dA, Z: dA * (Z > 0),
            "max_over_time_forward": max_over_time_forward, "max_over_time_backward": max_over_time_backward,
            "dropout_forward": dropout_forward, "dropout_backward": dropout_backward, "softmax_loss": softmax_loss}


def _text_model_reference(ids, lengths, params, dropout=0.0, rng=None, train=False, widths=(3, 4, 5)):
    layers = _text_layers()
    X, embedding_cache = layers["embedding_forward"](ids, params["E"])
    pooled, branches = [], []
    for w in widths:
        Z, conv_cache = layers["conv1d_forward"](X, params[f"W{w}"], params[f"b{w}"])
        A = np.maximum(Z, 0)
        P, pool_cache = layers["max_over_time_forward"](A, lengths)
        pooled.append(P)
        branches.append((conv_cache, Z, pool_cache))
    H, dropout_cache = layers["dropout_forward"](np.concatenate(pooled, axis=1), dropout, rng, train)
    return H @ params["W"] + params["b"], (embedding_cache, branches, dropout_cache, (H, params["W"], params["b"]))


def _text_model_backward_reference(dlogits, cache, widths=(3, 4, 5)):
    layers = _text_layers()
    embedding_cache, branches, dropout_cache, fc_cache = cache
    grads = {}
    H, W, _ = fc_cache
    dH, grads["dW"], grads["db"] = dlogits @ W.T, H.T @ dlogits, dlogits.sum(axis=0, keepdims=True)
    dH = layers["dropout_backward"](dH, dropout_cache)
    dX, start = 0, 0
    for w, (conv_cache, Z, pool_cache) in zip(widths, branches):
        F = conv_cache[1].shape[2]
        dZ = layers["max_over_time_backward"](dH[:, start:start + F], pool_cache) * (Z > 0)
        start += F
        dX_w, grads[f"dW{w}"], grads[f"db{w}"] = layers["conv1d_backward"](dZ, conv_cache)
        dX = dX + dX_w
    grads["dE"] = layers["embedding_backward"](dX, embedding_cache)
    return grads


def _text_model_case(rng, m, T, V, d, F, dtype):
    """Random parameters of the sentence classifier (widths 3, 4, 5), and a padded batch of m
    sentences of 1 to T tokens (the first one T long): (params, ids, lengths)."""
    params = {"E": rng.standard_normal((V, d)).astype(dtype)}
    for w in (3, 4, 5):
        params[f"W{w}"] = (0.5 * rng.standard_normal((w, d, F))).astype(dtype)
        params[f"b{w}"] = (0.1 * rng.standard_normal((1, F))).astype(dtype)
    params["W"], params["b"] = rng.standard_normal((3 * F, 2)).astype(dtype), rng.standard_normal((1, 2)).astype(dtype)
    lengths = rng.integers(1, T + 1, m)
    lengths[0] = T
    return params, rng.integers(1, V, (m, T)) * (np.arange(T)[None, :] < lengths[:, None]), lengths


def _tokenize_reference(sentence):
    """Kim's clean_str as the course's data file was made with it (scripts/make_reviews_h5.py
    uses this function): HTML entities and accents out, lower case, every character but a-z 0-9
    ( ) , ! ? ' a space, clitics split off, ( ) , ! ? tokens of their own, quotation apostrophes
    stripped."""
    import html
    import re
    import unicodedata

    text = html.unescape(sentence).replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9(),!?']", " ", text)
    text = re.sub(r"(?<=[a-z0-9])('s|'ve|n't|'re|'d|'ll|'m)\b", r" \1", text)
    text = re.sub(r"([(),!?])", r" \1 ", text)
    clitics = ("'s", "'ve", "n't", "'re", "'d", "'ll", "'m")
    return [t for t in (t if t in clitics else t.strip("'") for t in text.split()) if t]

"""The shared reference computations of the hidden tests (cnn_course/references.py) against
plain loops written from the definitions, on awkward shapes (stride > f, pad 0, f = 1,
non-square), and the expansion of `# reference:` lines (cnn_course/testcells.py)."""

import numpy as np
import pytest

from cnn_course import references as ref
from cnn_course import testcells

pytestmark = pytest.mark.fast   # part of `make test-fast`

CASES = [((2, 5, 7, 3), 3, 4, 1, 1), ((1, 6, 5, 2), 2, 3, 3, 0), ((3, 4, 4, 1), 1, 2, 2, 2), ((1, 7, 6, 2), 4, 1, 2, 1)]


def loop_conv(A, W, b, stride, pad):
    A = np.pad(A, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    f, n_C = W.shape[0], W.shape[3]
    n_H, n_W = (A.shape[1] - f) // stride + 1, (A.shape[2] - f) // stride + 1
    Z = np.zeros((A.shape[0], n_H, n_W, n_C))
    for i in range(A.shape[0]):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    window = A[i, h * stride:h * stride + f, w * stride:w * stride + f, :]
                    Z[i, h, w, c] = np.sum(window * W[..., c]) + b[0, 0, 0, c]
    return Z


@pytest.mark.parametrize("shape, f, n_C, stride, pad", CASES)
def test_convolution_forward_and_backward(shape, f, n_C, stride, pad):
    rng = np.random.default_rng(1)
    A, W, b = rng.standard_normal(shape), rng.standard_normal((f, f, shape[3], n_C)), rng.standard_normal((1, 1, 1, n_C))
    Z = ref._conv_reference(A.astype(np.float32), W, b, stride, pad)
    assert Z.dtype == np.float64 and np.allclose(Z, loop_conv(A, W, b, stride, pad), atol=1e-5)
    assert np.allclose(ref._conv_f(A, W, b, {"stride": stride, "pad": pad})[0], loop_conv(A, W, b, stride, pad))
    # backward: the gradient of sum(Z * dZ), by finite differences on a few entries
    dZ = rng.standard_normal(Z.shape)
    dA, dW, db = ref._conv_backward_reference(dZ, A, W, stride, pad)
    assert dA.shape == A.shape and dW.shape == W.shape and db.shape == b.shape
    assert np.allclose(db.ravel(), dZ.sum(axis=(0, 1, 2)))
    loss = lambda A_, W_: np.sum(loop_conv(A_, W_, b, stride, pad) * dZ)
    for index in [(0, 0, 0, 0), tuple(s - 1 for s in A.shape), (0, shape[1] // 2, shape[2] // 2, 0)]:
        bump = np.zeros_like(A)
        bump[index] = 1e-6
        assert abs((loss(A + bump, W) - loss(A - bump, W)) / 2e-6 - dA[index]) < 1e-5, index
    bump = np.zeros_like(W)
    bump[0, -1, 0, -1] = 1e-6
    assert abs((loss(A, W + bump) - loss(A, W - bump)) / 2e-6 - dW[0, -1, 0, -1]) < 1e-5


def test_pooling_and_padding():
    A = np.random.default_rng(2).standard_normal((2, 5, 6, 3))
    P, _ = ref._pool_f(A, {"f": 2, "stride": 3}, "max")
    assert P.shape == (2, 2, 2, 3) and P[1, 1, 0, 2] == A[1, 3:5, 0:2, 2].max()
    P, _ = ref._pool_f(A, {"f": 3, "stride": 1}, "average")
    assert np.isclose(P[0, 2, 3, 1], A[0, 2:5, 3:6, 1].mean())
    assert ref._zero_pad(A, 2).shape == (2, 9, 10, 3) and ref._zero_pad(A, 0).shape == A.shape


def loop_conv1d(X, W, b):
    w, F = W.shape[0], W.shape[2]
    Z = np.zeros((X.shape[0], X.shape[1] - w + 1, F))
    for i in range(X.shape[0]):
        for t in range(Z.shape[1]):
            for k in range(F):
                Z[i, t, k] = np.sum(X[i, t:t + w, :] * W[:, :, k]) + b[0, k]
    return Z


@pytest.mark.parametrize("m, T, d, w, F", [(2, 7, 3, 3, 4), (1, 5, 2, 5, 2), (3, 4, 1, 1, 3)])
def test_convolution_over_time_forward_and_backward(m, T, d, w, F):
    rng = np.random.default_rng(2)
    X, W, b = rng.standard_normal((m, T, d)), rng.standard_normal((w, d, F)), rng.standard_normal((1, F))
    Z = ref._conv1d_reference(X.astype(np.float32), W, b)
    assert Z.dtype == np.float64 and np.allclose(Z, loop_conv1d(X, W, b), atol=1e-5)
    dZ = rng.standard_normal(Z.shape)
    dX, dW, db = ref._conv1d_backward_reference(dZ, X, W)
    eps = 1e-6
    for array, grad in [(X, dX), (W, dW), (b, db)]:
        for index in [(0,) * array.ndim, tuple(s - 1 for s in array.shape)]:
            old = array[index]
            array[index] = old + eps
            plus = np.sum(loop_conv1d(X, W, b) * dZ)
            array[index] = old - eps
            minus = np.sum(loop_conv1d(X, W, b) * dZ)
            array[index] = old
            assert abs((plus - minus) / (2 * eps) - grad[index]) < 1e-6


def test_max_over_time_skips_padding_and_takes_the_first_of_ties():
    A = np.array([[[1.0, 2.0], [3.0, 2.0], [9.0, 0.0]], [[-1.0, 4.0], [-2.0, 4.0], [0.0, 1.0]]])
    P, positions = ref._max_over_time_reference(A, np.array([2, 2]))
    assert P.tolist() == [[3.0, 2.0], [-1.0, 4.0]] and positions.tolist() == [[1, 0], [0, 0]]


def test_the_text_model_reference_passes_a_gradient_check():
    rng = np.random.default_rng(3)
    params = {"E": rng.standard_normal((9, 3))}
    for w in (3, 4, 5):
        params[f"W{w}"], params[f"b{w}"] = rng.standard_normal((w, 3, 2)), rng.standard_normal((1, 2))
    params["W"], params["b"] = rng.standard_normal((6, 2)), rng.standard_normal((1, 2))
    ids, lengths, y = np.array([[1, 2, 2, 3, 4, 0], [5, 6, 0, 0, 0, 0]]), np.array([5, 2]), np.array([1, 0])
    layers = ref._text_layers()

    def loss(params):
        logits, cache = ref._text_model_reference(ids, lengths, params, 0.5, np.random.default_rng(4), True)
        return layers["softmax_loss"](logits, y), cache

    (_, dlogits), cache = loss(params)
    grads = ref._text_model_backward_reference(dlogits, cache)
    for name, value in params.items():
        for index in np.ndindex(value.shape):
            old = value[index]
            value[index] = old + 1e-6
            plus = loss(params)[0][0]
            value[index] = old - 1e-6
            minus = loss(params)[0][0]
            value[index] = old
            assert abs((plus - minus) / 2e-6 - grads["d" + name][index]) < 1e-6, (name, index)


def test_a_reference_line_is_expanded_only_inside_hidden_tests():
    cell = "### BEGIN HIDDEN TESTS\n# reference: _zero_pad\n### END HIDDEN TESTS\nprint(1)"
    assert "def _zero_pad(X, pad):" in testcells.expand(cell) and "# reference" not in testcells.expand(cell)
    with pytest.raises(ValueError, match="outside a hidden block"):
        testcells.expand("# reference: _zero_pad\n")
    with pytest.raises(ValueError, match="no function"):
        testcells.expand("### BEGIN HIDDEN TESTS\n# reference: _nothing\n### END HIDDEN TESTS")


def test_the_reference_tokenizer_follows_kims_clean_str():
    """The tokens of the data file (scripts/make_reviews_h5.py) and of the tokenize hidden tests."""
    assert ref._tokenize_reference("It isn't the director's 'best' (or worst) film -- caf&eacute; 7/10!") == [
        "it", "is", "n't", "the", "director", "'s", "best", "(", "or", "worst", ")", "film", "cafe", "7", "10", "!"]
    assert ref._tokenize_reference("...") == [] and ref._tokenize_reference("we've, I'm") == ["we", "'ve", ",", "i", "'m"]

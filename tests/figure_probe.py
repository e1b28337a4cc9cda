# Appended to the executed source notebook by tests/conftest.py: it checks, inside the kernel,
# that each figure shows the arrays it claims to show, and prints one line the tests read.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _shown(fig, k):
    return np.asarray(fig.axes[k].images[0].get_array())


np.random.seed(1)
_x = np.random.randn(4, 3, 3, 2)
_x_pad = np.pad(_x, ((0, 0), (2, 2), (2, 2), (0, 0)))
assert np.array_equal(_shown(fig_padding, 0), _x[0, :, :, 0])
assert np.array_equal(_shown(fig_padding, 1), _x_pad[0, :, :, 0])
assert _shown(fig_photo_padding, 1).shape == (photo_uint8.shape[0] + 60, photo_uint8.shape[1] + 60, 3)
assert (_shown(fig_photo_padding, 1)[:30] == 50).all()

_windows = sliding_window_view(np.pad(photo, ((1, 1), (1, 1), (0, 0))), (3, 3), axis=(0, 1))  # (H, W, 3, 3, 3)
_responses = np.einsum("hwcpq,pqck->hwk", _windows, W_edges)
assert np.array_equal(_shown(fig_edges, 0), photo)
for _k in range(3):
    assert np.allclose(_shown(fig_edges, 1 + _k), _responses[:, :, _k]), _k

_pool = sliding_window_view(photo, (5, 5), axis=(0, 1))[::3, ::3]  # (n_H, n_W, 3, 5, 5)
for _c in range(3):
    assert np.allclose(_shown(fig_pooling, 1 + _c), _pool[:, :, _c].max(axis=(-2, -1))), _c
    assert np.allclose(_shown(fig_pooling, 5 + _c), _pool[:, :, _c].mean(axis=(-2, -1))), _c
print("FIGURES SHOW THE RIGHT ARRAYS")

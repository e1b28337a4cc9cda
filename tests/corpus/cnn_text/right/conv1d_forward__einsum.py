# one einsum over the windows
def conv1d_forward(X, W, b):
    w = W.shape[0]
    windows = np.lib.stride_tricks.sliding_window_view(X, w, axis=1)
    Z = np.einsum("mtdp,pdk->mtk", windows, W, optimize=True) + b[None]
    return Z, (X, W, b)

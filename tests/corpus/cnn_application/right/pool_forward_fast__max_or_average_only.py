# pool_forward_fast: handles exactly "max" and "average", as the exercise asks (anything else raises)
def pool_forward_fast(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    windows = np.lib.stride_tricks.sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    if mode == "max":
        A = windows.max(axis=(4, 5))
    elif mode == "average":
        A = windows.mean(axis=(4, 5))
    else:
        raise ValueError(f"unknown mode {mode!r}")
    cache = (A_prev, hparameters)
    return A, cache

# pool_forward: output size rounded up, the last window cut short at the border
import math
def pool_forward(A_prev, hparameters, mode="max"):
    if mode == "avg":
        mode = "average"
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    f, stride = hparameters["f"], hparameters["stride"]
    n_H = math.ceil((n_H_prev - f) / stride) + 1
    n_W = math.ceil((n_W_prev - f) / stride) + 1
    A = np.zeros((m, n_H, n_W, n_C_prev))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C_prev):
                    window = A_prev[i, h * stride:h * stride + f, w * stride:w * stride + f, c]
                    A[i, h, w, c] = np.max(window) if mode == "max" else np.mean(window)
    return A, (A_prev, hparameters)

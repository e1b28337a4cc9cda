# a loop that collects each batch's predictions
def predict(X, parameters, batch_size=512):
    out = []
    start = 0
    while start < len(X):
        logits, _ = model_forward(X[start:start + batch_size], parameters)
        out.append(logits.argmax(axis=1))
        start += batch_size
    return np.concatenate(out)

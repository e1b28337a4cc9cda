# ignores batch_size and passes every image at once
def predict(X, parameters, batch_size=512):
    """
    Predicted class of each image.

    Arguments:
    X -- images, shape (m, n_H, n_W, n_C_in)
    parameters -- dict of the model's parameters
    batch_size -- number of images passed to model_forward at once

    Returns:
    predictions -- integer numpy array of shape (m,), the argmax of each image's logits
    """
    # (about 3 lines)
    predictions = np.argmax(model_forward(X, parameters)[0], axis=1)
    return predictions

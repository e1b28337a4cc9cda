"""The stand-alone reference of the Application assignment (cnn_course/solutions/cnn_application.py,
which benchmarks/conv_vs_torch.py times): vectorized layers agree with the loops of the
first assignment, the whole model's gradients agree with centred differences, and it can
overfit 50 digits."""

import math

import numpy as np

from cnn_course.solutions import cnn_application as reference


def test_fast_layers_equal_the_loops():
    assert reference.verify(verbose=False) < 1e-10


def test_whole_model_gradient_check():
    error, per_parameter = reference.gradient_check(verbose=False)
    assert error < 1e-6 and max(per_parameter.values()) < 1e-6, per_parameter


def test_loss_at_initialization_is_about_ln_10_and_50_digits_can_be_overfit():
    x, y, _, _, _ = reference.load_dataset()
    X = x.astype(np.float64) / 255.0
    loss = reference.compute_loss(X[:200], y[:200], reference.initialize_parameters(0))
    assert abs(loss - math.log(10)) < 0.3, loss
    epochs, _, accuracy = reference.overfit_check(X, y)
    assert accuracy == 1.0 and epochs < 100

"""Tests for iris_training.evaluate, written by nb2prod when the code left iris_training.ipynb."""
import pytest

from iris_training.evaluate import evaluate


def test_evaluate():
    # TODO(nb2prod): give `model`, `X_test`, `y_test` small example values, then remove the fail below.
    # shown = evaluate(model, X_test, y_test)
    pytest.fail("nb2prod: complete this test for evaluate")

from iris_training.evaluate import make_per_class


def test_make_per_class():
    # TODO(nb2prod): give `model`, `X_test` small example values, then remove the fail below.
    # shown = make_per_class(model, X_test)
    pytest.fail("nb2prod: complete this test for make_per_class")

"""Tests for iris_training.split, written by nb2prod when the code left iris_training.ipynb."""
import pytest

from iris_training.split import split


def test_split():
    # TODO(nb2prod): give `df`, `TEST_SIZE`, `SEED` small example values, then remove the fail below.
    # X_train, X_test, y_train, y_test = split(df, TEST_SIZE, SEED)
    pytest.fail("nb2prod: complete this test for split")

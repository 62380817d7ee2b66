"""Tests for iris_training.load_data, written by nb2prod when the code left iris_training.ipynb."""
import pytest

from iris_training.load_data import load_data


def test_load_data():
    df, shown = load_data()
    # What the notebook displayed.
    assert repr(shown) == "(150, 5)"

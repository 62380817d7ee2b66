"""Tests for churn.cleaning, written by nb2prod when the code left churn_model.ipynb."""
import pytest

from churn.cleaning import cleaning


def test_cleaning():
    # TODO(nb2prod): give `df` small example values, then remove the fail below.
    # result = cleaning(df)
    pytest.fail("nb2prod: complete this test for cleaning")

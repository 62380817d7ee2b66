"""evaluate: extracted from iris_training.ipynb by nb2prod."""
from __future__ import annotations
import pandas as pd


def evaluate(model, X_test, y_test):
    """Code from cell 12 of iris_training.ipynb.

    Args:
        model: as the notebook had it before cell 12.
        X_test: as the notebook had it before cell 12.
        y_test: as the notebook had it before cell 12.

    Returns:
        The value the cell displayed.

    Extracted by nb2prod from iris_training.ipynb, cell 12.
    """
    accuracy = round(float((model.predict(X_test) == y_test).mean()), 4)
    _shown = accuracy
    return _shown


def make_per_class(model, X_test):
    """Code from cell 13 of iris_training.ipynb.

    Args:
        model: as the notebook had it before cell 13.
        X_test: as the notebook had it before cell 13.

    Returns:
        The value the cell displayed.

    Extracted by nb2prod from iris_training.ipynb, cell 13.
    """
    per_class = pd.Series(model.predict(X_test)).value_counts().sort_index()
    _shown = per_class
    return _shown

"""load data: extracted from iris_training.ipynb by nb2prod."""
from __future__ import annotations

from sklearn.datasets import load_iris


def load_data():
    """Code from cell 5 of iris_training.ipynb.

    Returns:
        df: read by later cells.
        The value the cell displayed.

    Extracted by nb2prod from iris_training.ipynb, cell 5.
    """
    iris = load_iris(as_frame=True)
    df = iris.frame.rename(columns=lambda c: c.replace(" (cm)", "").replace(" ", "_"))
    _shown = df.shape
    return df, _shown

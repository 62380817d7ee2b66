"""train: extracted from iris_training.ipynb by nb2prod."""
from __future__ import annotations

from sklearn.linear_model import LogisticRegression


def train(MAX_ITER, X_train, y_train):
    """Code from cell 10 of iris_training.ipynb.

    Args:
        MAX_ITER: as the notebook had it before cell 10.
        X_train: as the notebook had it before cell 10.
        y_train: as the notebook had it before cell 10.

    Returns:
        model: read by later cells.
        The value the cell displayed.

    Extracted by nb2prod from iris_training.ipynb, cell 10.
    """
    model = LogisticRegression(max_iter=MAX_ITER)
    _shown = model.fit(X_train, y_train)
    return model, _shown

"""split: extracted from iris_training.ipynb by nb2prod."""
from __future__ import annotations

from sklearn.model_selection import train_test_split


def split(df, TEST_SIZE, SEED):
    """Code from cell 8 of iris_training.ipynb.

    Args:
        df: as the notebook had it before cell 8.
        TEST_SIZE: as the notebook had it before cell 8.
        SEED: as the notebook had it before cell 8.

    Returns:
        X_train: read by later cells.
        X_test: read by later cells.
        y_train: read by later cells.
        y_test: read by later cells.

    Extracted by nb2prod from iris_training.ipynb, cell 8.
    """
    features = df.drop(columns="target")
    X_train, X_test, y_train, y_test = train_test_split(features, df["target"], test_size=TEST_SIZE, random_state=SEED, stratify=df["target"])
    print(len(X_train), len(X_test))
    return X_train, X_test, y_train, y_test

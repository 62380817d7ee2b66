"""The iris_training pipeline runs end to end on its configuration. Written by nb2prod export."""
import io
import pandas as pd
from pathlib import Path

from pipelines.iris_training import load_config, run

CONFIG_FILE = Path(__file__).resolve().parents[1] / "configs" / "iris_training.toml"


def test_run_produces_what_the_notebook_produced():
    result = run(load_config(CONFIG_FILE))
    assert set(result) == {"df", "X_train", "X_test", "y_train", "y_test", "model", "accuracy", "per_class"}
    # As cell 12 of iris_training.ipynb displayed it.
    assert repr(result["accuracy"]) == "0.9737"
    # As cell 13 of iris_training.ipynb displayed it.
    expected = pd.read_csv(io.StringIO("0    13\n1    12\n2    13"), sep=r"\s+", header=None, index_col=0).iloc[:, 0]
    pd.testing.assert_series_equal(result["per_class"], expected, check_dtype=False, check_index_type=False, check_names=False, check_exact=False, rtol=1e-5, atol=1e-6)

"""The iris_training.ipynb notebook as a pipeline: its steps, in the notebook's order. Written by nb2prod export.

Each step is a function of the iris_training package (extracted from the notebook and
tested under tests/); configuration comes from configs/iris_training.toml.

    python -m pipelines.iris_training --config configs/iris_training.toml

Left out (they stay in the notebook):
- cell 6 (Load data): a display (exploration)
"""
from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from importlib import metadata
from pathlib import Path
from typing import Any, Dict

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

from iris_training.load_data import load_data
from iris_training.split import split
from iris_training.train import train
from iris_training.evaluate import evaluate
from iris_training.evaluate import make_per_class

Config = Dict[str, Any]
DEFAULT_CONFIG = Path("configs") / "iris_training.toml"
PACKAGE = "iris_training"
_log = logging.getLogger("pipelines.iris_training")


def load_config(path: str | Path = DEFAULT_CONFIG) -> Config:
    """The configuration table of a TOML file."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _config_hash(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _package_version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "not installed"


def _describe(value: Any) -> str:
    """A short, loggable description: the shape of arrays and frames, the repr of small values."""
    shape = getattr(value, "shape", None)
    # A class (np.ndarray itself) has a shape descriptor, not a shape; some objects have a shape of their own kind.
    if shape is not None and not callable(shape) and not isinstance(value, type):
        try:
            return f"{type(value).__name__} shape={tuple(shape)}"
        except TypeError:
            pass
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        text = repr(value)
        return text if len(text) <= 200 else text[:197] + "..."
    if isinstance(value, (list, tuple, dict, set)) and len(repr(value)) <= 200:
        return repr(value)
    try:
        return f"{type(value).__name__} len={len(value)}"
    except TypeError:
        return type(value).__name__


def run(config: Config) -> dict:
    """Run the steps of iris_training.ipynb in order; returns the values they make."""
    CONFIG = config
    TEST_SIZE = CONFIG["test_size"]
    SEED = CONFIG["seed"]
    MAX_ITER = CONFIG["max_iter"]
    _log.info("step 1/5 load_data()")
    df, _ = load_data()
    _log.info("step 1/5 load_data -> df=%s", _describe(df))
    _log.info("step 2/5 split(df=%s, TEST_SIZE=%s, SEED=%s)", _describe(df), _describe(TEST_SIZE), _describe(SEED))
    X_train, X_test, y_train, y_test = split(df, TEST_SIZE, SEED)
    _log.info("step 2/5 split -> X_train=%s, X_test=%s, y_train=%s, y_test=%s", _describe(X_train), _describe(X_test), _describe(y_train), _describe(y_test))
    _log.info("step 3/5 train(MAX_ITER=%s, X_train=%s, y_train=%s)", _describe(MAX_ITER), _describe(X_train), _describe(y_train))
    model, _ = train(MAX_ITER, X_train, y_train)
    _log.info("step 3/5 train -> model=%s", _describe(model))
    _log.info("step 4/5 evaluate(model=%s, X_test=%s, y_test=%s)", _describe(model), _describe(X_test), _describe(y_test))
    accuracy = evaluate(model, X_test, y_test)
    _log.info("step 4/5 evaluate -> accuracy=%s", _describe(accuracy))
    _log.info("step 5/5 make_per_class(model=%s, X_test=%s)", _describe(model), _describe(X_test))
    per_class = make_per_class(model, X_test)
    _log.info("step 5/5 make_per_class -> per_class=%s", _describe(per_class))
    return {"df": df, "X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test, "model": model, "accuracy": accuracy, "per_class": per_class}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="iris_training", description="Run the iris_training.ipynb pipeline.")
    parser.add_argument("--config", default=str(DEFAULT_CONFIG), help="TOML configuration (default: %(default)s)")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="default: %(default)s")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _log.info("config %s sha256=%s; package %s version %s", args.config, _config_hash(args.config), PACKAGE, _package_version())
    result = run(load_config(args.config))
    for name, value in result.items():
        print(f"{name} = {_describe(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

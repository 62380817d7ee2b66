"""Notebook configuration, read from configs/<name>.toml.

Written by nb2prod's "Move to configuration": values that change between
environments live in configuration, not in code. Only the standard library.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib


@lru_cache(maxsize=None)
def load_config(name: str) -> dict:
    """The table in configs/<name>.toml, in this folder or the nearest folder above it."""
    here = Path(__file__).resolve().parent
    for folder in (here, *here.parents):
        candidate = folder / "configs" / f"{name}.toml"
        if candidate.is_file():
            with candidate.open("rb") as fh:
                return tomllib.load(fh)
    raise FileNotFoundError(f"configs/{name}.toml was not found in {here} or above")

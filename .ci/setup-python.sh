#!/usr/bin/env bash
# The Python side of the test suite: a virtual environment in .cache/pyenv (git
# ignored) with IPython (from the system), ipykernel, nbclient and nbformat, so
# oracle tests can run notebooks in a real kernel, pytest for the generated test gates
# (the eval gate among them), and pre-commit for the test of
# the pre-commit hook. Uses the machine's local wheel
# mirror when pip is configured with one; skips the work when it is already done.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.cache/pyenv
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import IPython, ipykernel, nbclient, nbformat, pre_commit, numpy, pandas, matplotlib, sklearn, fastapi, httpx, uvicorn, pytest, pydantic' 2>/dev/null; then
  exit 0
fi
python3 -m venv --system-site-packages "$venv"
index=$(python3 -m pip config get global.extra-index-url 2>/dev/null | cut -d' ' -f1 || true)
if [ -n "$index" ]; then
  "$venv/bin/python" -m pip install --quiet --index-url "$index" ipython ipykernel nbclient nbformat pre-commit numpy pandas matplotlib scikit-learn fastapi httpx uvicorn pytest pydantic
else
  "$venv/bin/python" -m pip install --quiet ipython ipykernel nbclient nbformat pre-commit numpy pandas matplotlib scikit-learn fastapi httpx uvicorn pytest pydantic
fi
"$venv/bin/python" -c 'import IPython, ipykernel, nbclient, nbformat, pre_commit; print("oracle python ready:", IPython.__version__)'

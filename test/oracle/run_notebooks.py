"""Run notebooks top to bottom in a fresh IPython kernel ("Restart & Run All")
and report every cell that raised, as JSON on stdout:

    {"<path>": [{"cell": <index among all cells>, "ename": ..., "evalue": ...}]}

Every cell runs even after an error (allow_errors), so each NameError is seen.
Notebooks run in a scratch copy of their folder, with a scratch IPYTHONDIR, so
`%store`, `%%writefile` and friends touch nothing of the user's.
"""
import json
import os
import shutil
import sys
import tempfile

import nbformat
from nbclient import NotebookClient


def run(path: str) -> list:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        workdir = os.path.join(scratch, "work")
        shutil.copytree(os.path.dirname(os.path.abspath(path)), workdir)
        os.environ["IPYTHONDIR"] = os.path.join(scratch, "ipython")
        client = NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": workdir}})
        client.execute()
    errors = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append({"cell": index, "ename": out["ename"], "evalue": out["evalue"]})
    return errors


if __name__ == "__main__":
    print(json.dumps({p: run(p) for p in sys.argv[1:]}))

"""Run notebooks top to bottom in a fresh IPython kernel ("Restart & Run All")
and report, as JSON on stdout, every cell that raised, and what each cell printed and displayed:

    {"<path>": {"errors": [{"cell", "ename", "evalue"}], "stdout": {"<cell>": "..."}, "results": {"<cell>": "..."}}}

Every cell runs even after an error (allow_errors), so each NameError is seen.
Notebooks run in a scratch copy of their project (--project DIR, default: the
notebook's folder), with a scratch IPYTHONDIR, so `%store`, `%%writefile` and
friends touch nothing of the user's.
"""
import argparse
import json
import os
import shutil
import tempfile

import nbformat
from nbclient import NotebookClient


def run(path: str, project: str) -> dict:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        work = os.path.join(scratch, "project")
        shutil.copytree(project, work)
        cwd = os.path.join(work, os.path.relpath(os.path.dirname(os.path.abspath(path)), project))
        os.environ["IPYTHONDIR"] = os.path.join(scratch, "ipython")
        client = NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": cwd}})
        client.execute()
    errors, stdout, results = [], {}, {}
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append({"cell": index, "ename": out["ename"], "evalue": out["evalue"]})
            elif out.get("output_type") == "stream" and out.get("name") == "stdout":
                stdout[str(index)] = stdout.get(str(index), "") + out["text"]
            elif out.get("output_type") == "execute_result":
                results[str(index)] = out.get("data", {}).get("text/plain", "")
    return {"errors": errors, "stdout": stdout, "results": results}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--project")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    print(json.dumps({p: run(p, os.path.abspath(args.project or os.path.dirname(os.path.abspath(p)))) for p in args.notebooks}))

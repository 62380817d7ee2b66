"""Kernel oracle for "extract cells to module": run notebooks top to bottom in
fresh IPython kernels ("Restart & Run All"), two at a time, and run pytest once
over the generated tests. Reads a JSON request on stdin:

    {"notebooks": [{"path", "pythonpath": [dirs]}], "pytest": {"paths": [...], "pythonpath": [...]}}

and prints {"runs": {"<path>": [[output, ...] per cell]}, "tests": {"<file>::<name>": "passed"|...}}.
An output is {"type", "name"?, "text"?, "mimes"?, "ename"?, "evalue"?}, with
memory addresses masked (a repr's `at 0x7f..` differs between any two runs).
Figures use the Agg backend: what a cell shows is its text, not pixels.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from multiprocessing import Pool

ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


def clean(text):
    return ADDRESS.sub("0x…", "".join(text) if isinstance(text, list) else text)


def run_one(job):
    import nbformat
    from nbclient import NotebookClient

    path = job["path"]
    os.environ["PYTHONPATH"] = os.pathsep.join(job.get("pythonpath", []))
    os.environ["MPLBACKEND"] = "Agg"
    with tempfile.TemporaryDirectory() as ipython:
        os.environ["IPYTHONDIR"] = ipython
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        client.execute()
    cells = []
    for cell in nb.cells:
        outs = []
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream":
                outs.append({"type": "stream", "name": out["name"], "text": clean(out["text"])})
            elif kind in ("execute_result", "display_data"):
                data = out.get("data", {})
                outs.append({"type": kind, "mimes": sorted(data), "text": clean(data.get("text/plain", ""))})
            elif kind == "error":
                outs.append({"type": "error", "ename": out["ename"], "evalue": clean(out["evalue"])})
        cells.append(outs)
    return path, cells


def run_pytest(paths, pythonpath):
    if not paths:
        return {}
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "report.xml")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(pythonpath), MPLBACKEND="Agg")
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--import-mode=importlib",
                        f"--junitxml={report}", *paths], env=env, cwd=scratch,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results = {}
        if not os.path.exists(report):
            return results
        for case in ET.parse(report).iter("testcase"):
            outcome = "passed"
            for child in case:
                if child.tag in ("failure", "error", "skipped"):
                    outcome = child.tag
            results[f"{case.get('file') or case.get('classname')}::{case.get('name')}"] = outcome
        return results


if __name__ == "__main__":
    request = json.load(sys.stdin)
    with Pool(2) as pool:
        runs = dict(pool.map(run_one, request.get("notebooks", []), chunksize=1))
    tests = run_pytest(request.get("pytest", {}).get("paths", []), request.get("pytest", {}).get("pythonpath", []))
    print(json.dumps({"runs": runs, "tests": tests}))

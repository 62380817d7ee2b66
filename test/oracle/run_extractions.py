"""Kernel oracle for "extract cells to module": run notebooks top to bottom
("Restart & Run All") in two IPython kernels, each notebook in a fresh namespace,
and run pytest once over the generated tests. Reads a JSON request on stdin:

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


RESET = """%reset -f
def _nb2prod_fresh(src, cwd):
    import os, sys
    for path in getattr(sys, "_nb2prod_src", []):
        if path in sys.path:
            sys.path.remove(path)
    sys._nb2prod_src = src
    sys.path[:0] = src
    # Modules of the previous notebook's folders (its src/ package, a helper next to it) are unloaded too.
    dirs = tuple(os.path.join(d, "") for d in getattr(sys, "_nb2prod_dirs", ()))
    for name in [m for m in sys.modules if m.startswith("ox_") or (dirs and str(getattr(sys.modules[m], "__file__", None) or "").startswith(dirs))]:
        del sys.modules[name]
    sys._nb2prod_dirs = [*src, cwd]
    os.chdir(cwd)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    # A fresh kernel starts from fresh entropy: unseeded draws (np.random.random, a model without
    # random_state) must not repeat because the previous notebook in this kernel seeded them.
    import random
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
_nb2prod_fresh({src!r}, {cwd!r})
del _nb2prod_fresh
"""


def outputs_of(nb):
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
    return cells


def run_batch(jobs):
    """One kernel runs a batch of notebooks, each in a fresh namespace (%reset, its own
    src/ on sys.path, the packages it imported from src/ unloaded, figures closed):
    starting a kernel and importing pandas costs seconds, a reset costs nothing."""
    import nbformat
    from nbclient import NotebookClient

    os.environ["MPLBACKEND"] = "Agg"
    results = []
    with tempfile.TemporaryDirectory() as ipython:
        os.environ["IPYTHONDIR"] = ipython
        client = NotebookClient(nbformat.v4.new_notebook(), timeout=120, kernel_name="python3", allow_errors=True)
        with client.setup_kernel():
            for job in jobs:
                path = job["path"]
                # nbclient stores an executed cell back at its index: the reset runs in a notebook of its own.
                reset = nbformat.v4.new_code_cell(RESET.format(src=job.get("pythonpath", []), cwd=os.path.dirname(os.path.abspath(path))))
                client.nb = nbformat.v4.new_notebook(cells=[reset])
                client.execute_cell(reset, 0)
                nb = nbformat.read(path, as_version=4)
                client.nb = nb
                failed = [o for o in reset.outputs if o.get("output_type") == "error"]
                if failed:
                    raise RuntimeError(f"reset failed: {failed}")
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type == "code":
                        client.execute_cell(cell, index)
                results.append((path, outputs_of(nb)))
    return results


def run_pytest(paths, pythonpath):
    if not paths:
        return {}
    with tempfile.TemporaryDirectory() as scratch:
        report = os.path.join(scratch, "report.xml")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(pythonpath), MPLBACKEND="Agg")
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--import-mode=importlib", "-o", "junit_family=xunit1", "--continue-on-collection-errors",
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
    jobs = request.get("notebooks", [])
    batches = [jobs[i::2] for i in range(2) if jobs[i::2]]
    with Pool(len(batches) or 1) as pool:
        runs = dict(pair for batch in pool.map(run_batch, batches) for pair in batch)
    tests = run_pytest(request.get("pytest", {}).get("paths", []), request.get("pytest", {}).get("pythonpath", []))
    print(json.dumps({"runs": runs, "tests": tests}))

"""Reads each notebook file given as an argument with nbformat, converted to
nbformat 4 (what Jupyter does on open), and prints the results as one JSON list."""
import json
import logging
import sys

import nbformat

logging.disable(logging.CRITICAL)  # validation warnings are not the point here
print(json.dumps([nbformat.read(path, as_version=4) for path in sys.argv[1:]]))

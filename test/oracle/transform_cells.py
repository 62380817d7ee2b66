"""Transform cell sources the way IPython does before running them, as JSON:
stdin is a JSON list of sources, stdout the list of transformed sources. Uses
InteractiveShell.transform_cell, which adds automagic to TransformerManager for
one-line cells, exactly as a kernel does."""
import json
import sys

from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance()
print(json.dumps([shell.transform_cell(src) for src in json.load(sys.stdin)]))

// NB201 false positive found labelling holdout15: a Kaggle folder probed with a fallback to the working directory.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placesOf } from '../helpers/engine';

describe('NB201: holdout15', () => {
  it('a path replaced by a fallback when it is missing (`if not out.exists(): out = Path.cwd()`) is only probed', async () => {
    const probe = 'from pathlib import Path\n\nOUT = Path("/kaggle/working")\nif not OUT.exists():\n    OUT = Path.cwd()\n\n(OUT / "agent.py").write_text("print(1)")';
    assert.deepEqual(await placesOf('NB201', [probe]), []);
    const osPath = 'import os\n\nout_dir = "/kaggle/working"\n# off Kaggle, write here\nif not os.path.isdir(out_dir):\n    out_dir = "."\nopen(os.path.join(out_dir, "sub.csv"), "w").close()';
    assert.deepEqual(await placesOf('NB201', [osPath]), []);
  });

  it('without a fallback the path is relied on', async () => {
    // Made when missing, not replaced: the notebook writes to the author's folder.
    const created = 'from pathlib import Path\n\nOUT = Path("/kaggle/working")\nif not OUT.exists():\n    OUT.mkdir(parents=True)\n(OUT / "agent.py").write_text("print(1)")';
    assert.deepEqual(await placesOf('NB201', [created]), ['1:3:12 "/kaggle/working"']);
    // A missing folder stops the notebook: it needs the path.
    const fails = 'from pathlib import Path\n\nOUT = Path("/kaggle/working")\nif not OUT.exists():\n    OUT = Path.cwd()\n    raise SystemExit("run on Kaggle")\n(OUT / "agent.py").write_text("print(1)")';
    assert.deepEqual(await placesOf('NB201', [fails]), ['1:3:12 "/kaggle/working"']);
    // A fallback that is another fixed folder: one of the author's folders is still needed.
    const otherFixed = 'from pathlib import Path\n\nOUT = Path("/kaggle/working")\nif not OUT.exists():\n    OUT = Path("/home/jo/out")\n(OUT / "agent.py").write_text("print(1)")';
    assert.deepEqual(await placesOf('NB201', [otherFixed]), ['1:3:12 "/kaggle/working"', '1:5:16 "/home/jo/out"']);
    // Used before the test: that use needs the path.
    const usedFirst = 'from pathlib import Path\n\nOUT = Path("/kaggle/working")\nprint(list(OUT.iterdir()))\nif not OUT.exists():\n    OUT = Path.cwd()';
    assert.deepEqual(await placesOf('NB201', [usedFirst]), ['1:3:12 "/kaggle/working"']);
  });
});

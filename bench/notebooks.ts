// Generated notebooks for the benchmark and the incremental-analysis tests: deterministic,
// realistic cells (imports, loading, cleaning, features, models, plots, magics).
import type { CellInput, NotebookInput } from '../server/src/engine/types';

export function generateNotebook(cells: number, seed = 1): NotebookInput {
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const templates = [
    (i: number) => `import numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split\nseed_${i} = 42`,
    (i: number) => `df_${i} = pd.read_csv("data/part_${i}.csv")\ndf_${i} = df_${i}.dropna()\ndf_${i}["ratio"] = df_${i}["a"] / df_${i}["b"].clip(lower=1)\ndf_${i}.head()`,
    (i: number) => `def feature_${i}(frame, cols=None):\n    cols = cols or [c for c in frame.columns if c.startswith("f_")]\n    out = frame[cols].copy()\n    for c in cols:\n        out[c + "_z"] = (out[c] - out[c].mean()) / out[c].std()\n    return out`,
    (i: number) => `X_${i} = feature_${Math.max(0, i - 1)}(df_${Math.max(0, i - 2)}) if ${i} % 2 else None\nscores_${i} = {k: v ** 2 for k, v in zip(range(10), range(10)) if k % 2}\nprint(f"{len(scores_${i})} scores, seed {seed_0}")`,
    (i: number) => `class Model${i}:\n    def __init__(self, alpha=0.1):\n        self.alpha = alpha\n    def fit(self, X, y):\n        self.coef_ = np.linalg.lstsq(X, y, rcond=None)[0]\n        return self\nmodel_${i} = Model${i}(alpha=${i / 100})`,
    (i: number) => `%matplotlib inline\nresults_${i} = []\nfor epoch in range(3):\n    loss = 1.0 / (epoch + 1)\n    results_${i}.append(loss)\nlambda_${i} = lambda x: x * ${i}`,
    (i: number) => `try:\n    import torch\nexcept ImportError:\n    torch = None\nwith open("out_${i}.txt", "w") as fh:\n    fh.write(str(${i}))\nassert fh.closed`,
  ];
  const out: CellInput[] = [];
  for (let i = 0; i < cells; i++) {
    if (i % 6 === 5) {
      out.push({ kind: 'markdown', source: `## Step ${i}\nSome explanation of what happens next.` });
      continue;
    }
    const t = i === 0 ? templates[0] : templates[1 + rand(templates.length - 1)];
    out.push({ kind: 'code', source: t(i), executionCount: i + 1 });
  }
  return { cells: out };
}

// Readiness of a project root: its model, the findings of its notebooks, the checklist.
import type { Engine } from './analyze';
import type { RuleConfig } from './config';
import { loadFile } from './files';
import { buildProjectModel, type ProjectModel } from './project/model';
import { computeReadiness, type FindingCounts, type Readiness } from './readiness';
import * as path from 'node:path';

export const MAX_READINESS_NOTEBOOKS = 500;

export function countFindings(engine: Engine, model: ProjectModel, config: RuleConfig): FindingCounts {
  const counts: FindingCounts = {};
  for (const rel of model.notebooks.slice(0, MAX_READINESS_NOTEBOOKS)) {
    const loaded = loadFile(path.join(model.root, rel));
    if (loaded.kind !== 'ipynb') continue;
    for (const f of engine.analyze({ ...loaded.notebook, path: rel }, config, model)) counts[f.code] = (counts[f.code] ?? 0) + 1;
  }
  return counts;
}

export function projectReadiness(engine: Engine, root: string, config: RuleConfig, model?: ProjectModel): Readiness {
  const m = model ?? buildProjectModel(root, (s) => engine.summarize(s));
  return computeReadiness(m, countFindings(engine, m, config));
}

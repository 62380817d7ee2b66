// `nb2prod readiness`: the notebook-to-production checklist of a project.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../engine/analyze';
import { mergeConfig } from '../engine/config';
import { projectReadiness } from '../engine/projectReadiness';
import { findProjectRoot, loadProjectConfig } from '../engine/projectConfig';
import type { CheckOptions } from './args';
import { CheckError } from './check';
import { writeReport, type Io } from './checkCommand';

export function readinessCommand(engine: Engine, options: CheckOptions, io: Io): number {
  const start = path.resolve(io.cwd, options.paths[0]);
  if (!fs.existsSync(start)) throw new CheckError(`${options.paths[0]}: no such file or folder`);
  const root = findProjectRoot(start, undefined);
  const located = loadProjectConfig(root);
  if (located.error) throw new CheckError(`invalid configuration: ${located.error}`);
  for (const w of located.warnings ?? []) io.stderr.write(`nb2prod: warning: ${w}\n`);
  const result = projectReadiness(engine, root, mergeConfig(located.config));
  let report: string;
  if (options.format === 'json') {
    report = JSON.stringify({ version: 1, score: result.score, items: result.items.map(({ id, title, status, reason, sources, files }) => ({ id, title, status, reason, sources, files })) }, null, 2) + '\n';
  } else {
    const mark = { done: '[x]', partial: '[~]', missing: '[ ]' } as const;
    const lines = result.items.map((i) => `${mark[i.status]} ${i.title.padEnd(58)} ${i.reason}`);
    report = `Production readiness of ${path.relative(io.cwd, root) || '.'}: ${result.score}/100\n\n${lines.join('\n')}\n\n[x] done  [~] partial  [ ] missing\n`;
  }
  writeReport(report, options.output, io);
  return 0;
}

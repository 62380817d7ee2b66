// Project models for the workspace, one per project root, built on first use and
// dropped when a file under the root changes (file-watch events), so the next
// analysis sees the new tests, eval cases or requirements without a restart.
import * as path from 'node:path';
import type { Engine } from '../engine/analyze';
import { buildProjectModel, type ProjectModel } from '../engine/project/model';
import { findProjectRoot } from '../engine/projectConfig';

export class ProjectService {
  private readonly models = new Map<string, ProjectModel>();

  constructor(private readonly engine: Engine, private readonly workspaceRoots: () => string[]) {}

  private workspaceRootOf(file: string): string | undefined {
    return this.workspaceRoots().filter((r) => file === r || file.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  /** The project a file belongs to, never above its workspace folder; undefined outside every workspace folder. */
  rootOf(file: string): string | undefined {
    const workspace = this.workspaceRootOf(file);
    return workspace === undefined ? undefined : findProjectRoot(path.dirname(file), workspace);
  }

  modelFor(root: string): ProjectModel {
    let model = this.models.get(root);
    if (!model) this.models.set(root, (model = buildProjectModel(root, (s) => this.engine.summarize(s))));
    return model;
  }

  has(root: string): boolean {
    return this.models.has(root);
  }

  /** Forget the models a changed file belongs to; returns their roots. */
  invalidate(file: string): string[] {
    const dropped: string[] = [];
    for (const root of this.models.keys()) {
      if (file === root || file.startsWith(root + path.sep)) {
        this.models.delete(root);
        dropped.push(root);
      }
    }
    return dropped;
  }

  clear(): void {
    this.models.clear();
  }
}

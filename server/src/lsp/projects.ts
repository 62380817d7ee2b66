// Project models for the workspace, one per project root, built on first use and
// dropped when a file under the root changes (file-watch events), so the next
// analysis sees the new tests, eval cases or requirements without a restart.
import * as path from 'node:path';
import type { Engine } from '../engine/analyze';
import { buildProjectModel, type ProjectModel } from '../engine/project/model';
import { findProjectRoot } from '../engine/projectConfig';

export class ProjectService {
  private readonly models = new Map<string, ProjectModel>();
  /** Project root per folder: finding it touches the disk, and it is asked on every keystroke. */
  private readonly roots = new Map<string, string | undefined>();

  constructor(private readonly engine: Engine, private readonly workspaceRoots: () => string[]) {}

  /** The innermost workspace folder holding a file. */
  workspaceRootOf(file: string): string | undefined {
    return this.workspaceRoots().filter((r) => file === r || file.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  /** The project a file belongs to, never above its workspace folder; undefined outside every workspace folder. */
  rootOf(file: string): string | undefined {
    const dir = path.dirname(file);
    if (!this.roots.has(dir)) {
      const workspace = this.workspaceRootOf(file);
      this.roots.set(dir, workspace === undefined ? undefined : findProjectRoot(dir, workspace));
    }
    return this.roots.get(dir);
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
    // A new or deleted pyproject.toml, requirements.txt... can move project roots.
    this.roots.clear();
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
    this.roots.clear();
  }
}

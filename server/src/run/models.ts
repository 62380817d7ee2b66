// What the CLI's engines keep between files of one check. A folder check visits each
// project root's files together (the walk is sorted), so only the models of the last
// few roots are kept, and the engine's cell-summary cache is sized for repeated cells
// across notebooks (boilerplate imports, setup cells), not for every cell of a folder:
// with the editor's size, a check held the summaries of every cell it had seen.
import type { Engine, EngineOptions } from '../engine/analyze';
import { buildProjectModel, type ModelReads, type ProjectModel } from '../engine/project/model';

/**
 * Characters of source whose summaries an engine keeps: 200 notebook cells are a few hundred
 * KB, but a project job summarises whole modules, and 200 of fw-ai/cookbook's training
 * modules held 44 MB, which ran the worker out of its bounded heap: it thrashed in garbage
 * collection, died, and a roomy worker did the root again (a quarter of a one-thread check's CPU).
 */
const CLI_CACHE_CHARS = 500_000;

/**
 * Cell summaries kept per engine. Notebooks of a folder share few cells (a setup cell, the
 * usual imports), and 2,000 summaries held about 20 MB of a worker's heap for no time
 * measurable on 1,000 real notebooks against 200.
 */
export const CLI_ENGINE_OPTIONS: EngineOptions = { cacheSize: 200, cacheChars: CLI_CACHE_CHARS, oneShot: true };

/** Tests and modules are outlined when their facts are first read (project/model.ts). */
const MODEL_READS = (engine: Engine): ModelReads => ({ outline: (s) => engine.outline(s) });

/** Project models kept at once: a root whose files come later is built again (a few ms to a few hundred). */
const KEPT_MODELS = 8;

export class ProjectModels {
  private readonly models = new Map<string, ProjectModel>();
  /** How many models were built, for tests. */
  built = 0;

  constructor(private readonly engine: Engine) {}

  get(root: string): ProjectModel {
    let model = this.models.get(root);
    if (model) {
      this.models.delete(root); // most recent last
    } else {
      model = buildProjectModel(root, (s) => this.engine.summarize(s), undefined, MODEL_READS(this.engine));
      this.built++;
      if (this.models.size >= KEPT_MODELS) this.models.delete(this.models.keys().next().value as string);
    }
    this.models.set(root, model);
    return model;
  }
}

// Every link in the documentation goes somewhere: relative links and links into this
// repository (package.json `repository`, the one base every URL is built from) name
// files that exist, and their #anchors name headings that exist. SARIF rule links
// land on a heading of docs/rules.md for every rule.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { RULE_CODES } from '../../server/src/engine/rules';
import { notebookJson, runCli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/engine';
import { writeProject } from '../helpers/project';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const REPO_URL: string = pkg.repository.url;

/** GitHub's anchor for each heading of a markdown file (lower case, punctuation dropped, spaces to dashes, repeats numbered). */
function anchors(file: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^```/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const slug = m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f));
  return ['README.md', 'MARKETPLACE.md', 'CHANGELOG.md', ...docs].filter((f) => fs.existsSync(path.join(REPO_ROOT, f)));
}

/** The repository file a link names, or undefined for a link elsewhere on the web. */
function repositoryTarget(from: string, href: string): { file: string; anchor?: string } | undefined {
  const [target, anchor] = href.split('#');
  if (/^[a-z]+:/i.test(target)) {
    const inRepo = new RegExp(`^${REPO_URL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?:blob|tree|raw)/[^/]+/(.+)$`).exec(target);
    return inRepo ? { file: decodeURIComponent(inRepo[1]), anchor } : undefined;
  }
  if (target === '') return { file: from, anchor };
  return { file: path.join(path.dirname(from), decodeURIComponent(target)), anchor };
}

it('every link into the repository names a file that exists, and a heading that exists', () => {
  let checked = 0;
  for (const md of markdownFiles()) {
    let text = fs.readFileSync(path.join(REPO_ROOT, md), 'utf8');
    text = text.replace(/^```[^]*?^```/gm, ''); // code blocks show commands, not links
    for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|<(https?:\/\/[^>]+)>/g)) {
      const href = m[1] ?? m[2];
      const target = repositoryTarget(md, href);
      if (!target) continue;
      checked++;
      const full = path.join(REPO_ROOT, target.file);
      assert.ok(fs.existsSync(full), `${md}: ${href} names ${target.file}, which is not in the repository`);
      if (target.anchor && full.endsWith('.md')) assert.ok(anchors(full).has(target.anchor), `${md}: ${href}: no heading #${target.anchor} in ${target.file}`);
    }
  }
  assert.ok(checked > 20, `only ${checked} links checked`);
});

it('the repository URL is written one way everywhere: package.json\'s', () => {
  assert.match(REPO_URL, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
  for (const file of [...markdownFiles(), 'action.yml', '.pre-commit-hooks.yaml']) {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
    for (const m of text.matchAll(/https:\/\/github\.com\/nb2prod\/[\w.-]+/g)) assert.ok(m[0].startsWith(REPO_URL), `${file}: ${m[0]}`);
  }
  assert.equal(pkg.homepage, `${REPO_URL}#readme`);
  assert.equal(pkg.bugs, `${REPO_URL}/issues`);
});

it('SARIF links every rule to its heading in docs/rules.md in the repository', () => {
  const dir = writeProject({ 'pyproject.toml': '[project]\nname = "demo"\n', 'a.ipynb': notebookJson([{ source: 'print(x)' }]) }, 'nb2prod-links-');
  const sarif = JSON.parse(runCli(['check', '.', '--format', 'sarif', '--no-cache'], dir).stdout);
  const rules: { id: string; helpUri: string }[] = sarif.runs[0].tool.driver.rules;
  assert.deepEqual(rules.map((r) => r.id).sort(), RULE_CODES.map((r) => r.code).sort());
  const headings = anchors(path.join(REPO_ROOT, 'docs', 'rules.md'));
  for (const r of rules) {
    const [base, anchor] = r.helpUri.split('#');
    assert.equal(base, `${REPO_URL}/blob/main/docs/rules.md`);
    assert.ok(headings.has(anchor), `${r.id}: #${anchor} is a heading of docs/rules.md`);
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBrief, updateBriefField } from '../../server/src/engine/brief/parse';
import { briefTemplate } from '../../server/src/engine/brief/template';

describe('the production brief', () => {
  it('reads the template as a brief with every field empty', () => {
    const brief = parseBrief(briefTemplate('churn'));
    assert.equal(brief.title, 'churn: production brief');
    assert.equal(Object.keys(brief.fields).length, 11);
    assert.ok(Object.values(brief.fields).every((v) => v === ''), 'the prompts are comments, not answers');
  });

  it('tolerates hand edits: reordered, missing and extra sections, odd spacing and case', () => {
    const text = '# Churn\n\nIntro text.\n\n##Decision\nWho to call first.\n\n## Notes\nfree text\n\n##   users  \nRetention team\n(agents)\n\n```\n## KPI\nnot a heading in a fence\n```\n';
    const brief = parseBrief(text);
    // The fenced `## KPI` is text inside the Users section, not a section.
    assert.deepEqual(brief.fields, { decision: 'Who to call first.', users: 'Retention team\n(agents)\n\n```\n## KPI\nnot a heading in a fence\n```' });
    assert.deepEqual(brief.extraSections, ['Notes']);
  });

  it('writes a field back and leaves every other byte alone', () => {
    const text = briefTemplate('churn');
    const updated = updateBriefField(text, 'kpi', 'Monthly churn rate down 2 points.');
    assert.equal(parseBrief(updated).fields.kpi, 'Monthly churn rate down 2 points.');
    const [before, after] = [text.split('## KPI')[0], text.split('## Simpler alternative')[1]];
    assert.ok(updated.startsWith(before) && updated.endsWith(after), 'other sections unchanged');
    assert.equal(updateBriefField(updated, 'kpi', 'Monthly churn rate down 2 points.'), updated, 'idempotent');
    assert.equal(updateBriefField(updateBriefField(text, 'kpi', 'x'), 'kpi', ''), text, 'clearing restores the template section');
  });

  it('keeps CRLF line endings and appends missing sections', () => {
    const text = '# B\r\n\r\n## Users\r\n\r\nAgents\r\n';
    const updated = updateBriefField(text, 'owners', 'Ana approves launch.\nBo rolls back.');
    assert.equal(updated, '# B\r\n\r\n## Users\r\n\r\nAgents\r\n\r\n## Owners\r\n\r\nAna approves launch.\r\nBo rolls back.\r\n');
    assert.ok(!/[^\r]\n/.test(updated));
    assert.deepEqual(parseBrief(updated).fields, { users: 'Agents', owners: 'Ana approves launch.\r\nBo rolls back.' });
    assert.equal(updateBriefField(updated, 'users', 'Retention agents'), '# B\r\n\r\n## Users\r\n\r\nRetention agents\r\n\r\n## Owners\r\n\r\nAna approves launch.\r\nBo rolls back.\r\n');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, type AuditResult } from '../audit/job.ts';
import { NativeEngine } from '../engine/native.ts';
import { quietJobContext } from '../jobs/job.ts';
import { auditReportHtml } from './audit-report.ts';
import { escapeHtml as esc } from '../document/html-text.ts';
import { personalColumnNames } from './report-privacy.ts';

const markup = `<script>window.__pwned=1</script>`;
const image = `<img src=x onerror="window.__pwned=2">`;

/** Every tag and attribute the report may contain: anything else means text leaked out as markup. */
const allowedTags = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'h1',
  'h2',
  'p',
  'span',
  'section',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'code',
  'details',
  'summary',
  'dl',
  'div',
  'dt',
  'dd',
  'ul',
  'li',
  'figure',
  'figcaption',
  'svg',
  'rect',
  'text',
]);
const allowedAttributes = new Set([
  'lang',
  'charset',
  'http-equiv',
  'content',
  'name',
  'class',
  'colspan',
  'open',
  'width',
  'height',
  'viewbox',
  'x',
  'y',
  'fill',
  'text-anchor',
  'role',
  'aria-label',
  'aria-hidden',
]);

function tagsAndAttributes(html: string): { tags: Set<string>; attributes: Set<string> } {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  const withoutStyle = html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const match of withoutStyle.matchAll(/<([!a-zA-Z][\w-]*)([^>]*)>/g)) {
    tags.add(match[1]!.toLowerCase());
    if (match[1] === '!DOCTYPE') continue;
    for (const attribute of match[2]!.replace(/\/$/, '').matchAll(/\s*([^\s=]+)(?:=("[^"]*"|'[^']*'|[^\s"']*))?/g))
      attributes.add(attribute[1]!.toLowerCase());
  }
  return { tags, attributes };
}

describe('audit report', () => {
  let engine: NativeEngine;
  let result: AuditResult;
  beforeAll(async () => {
    engine = await NativeEngine.create();
    await engine.exec(`
      CREATE TABLE contacts AS SELECT * FROM (VALUES
        ('C1', '${markup}', 'a@example.com', 10),
        ('C2', '${image.replace(/'/g, "''")}', 'javascript:alert(1)', 20),
        ('C3', '山田 太郎', 'c@example.com', 30)) t(id, "${markup.replace(/"/g, '""')}", email, score);
      CREATE TABLE migrated AS SELECT * FROM (VALUES ('C1', 'a@example.com', 10), ('C2', '<b>x</b>', 21)) t(id, email, score);`);
    result = await audit(
      engine,
      {
        tables: ['contacts', { table: 'migrated', key: ['id'] }],
        rules: [
          { kind: 'valid_email', table: 'contacts', column: 'email' },
          { kind: 'not_null', table: 'contacts', column: 'id' },
          { kind: 'not_null', table: 'nope', column: 'id' },
        ],
        reconcile: { source: 'contacts', target: 'migrated', key: ['id'] },
      },
      quietJobContext(),
    );
  });
  afterAll(async () => {
    await engine.close();
  });

  const files = [
    {
      file: 'contacts.csv',
      status: 'loaded' as const,
      rows: 3,
      rejected: [{ line: 4, reason: `This row has 3 fields but the header has 4. ${image}` }],
      rejectedCount: 1,
    },
    {
      file: `${markup}.csv`,
      status: 'refused' as const,
      reason: 'This file is a PNG picture, not a table; choose a CSV, TSV, Excel, Parquet or JSON file.',
      rows: 0,
      rejected: [],
    },
  ];

  it('escapes every value: markup in headers, values, samples and file names stays text', () => {
    const html = auditReportHtml(result, 'en', { generatedAt: '2026-11-23T00:00:00Z', files, title: `Audit ${markup}` });
    const { tags, attributes } = tagsAndAttributes(html);
    expect([...tags].filter((tag) => !allowedTags.has(tag))).toEqual([]);
    expect([...attributes].filter((attribute) => !allowedAttributes.has(attribute))).toEqual([]);
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  });

  it('shows pass/fail badges, the refused file with its sentence, rule errors and the reconciliation', () => {
    const html = auditReportHtml(result, 'en', { generatedAt: '2026-11-23T00:00:00Z', files });
    expect(html).toContain('<span class="badge bad large">FAIL</span>');
    expect(html).toContain('1 of 3 rules pass');
    expect(html).toContain('This file is a PNG picture, not a table; choose a CSV, TSV, Excel, Parquet or JSON file.');
    expect(html).toContain('Reconciliation: contacts → migrated');
    expect(html).toContain('Source and target differ');
    expect(html.match(/<svg class="chart"/g)!.length).toBeGreaterThan(3);
    expect(html).toContain('@media print');
    // score 10, 20, 30: the statistics column, exact quantiles (no "approximate" label).
    expect(html).toContain('<th>Statistics</th>');
    expect(html).toContain('mean 20 · sd 10 · median 20 · IQR 10 · skewness');
    expect(html).not.toContain('quantiles approximate');
  });

  it('speaks Japanese when asked, with the same numbers', () => {
    const html = auditReportHtml(result, 'ja', { generatedAt: '2026-11-23T00:00:00Z', files });
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<h1>データ品質監査</h1>');
    expect(html).toContain('ルール 3 件中 1 件が合格');
    expect(html).toContain('突合: contacts → migrated');
    expect(html).toContain('不合格');
    expect(html).not.toContain('Rules</h2>');
  });

  it('passes with a green badge when everything passes and nothing was refused', async () => {
    const clean = await audit(
      engine,
      { tables: ['contacts'], rules: [{ kind: 'row_count', table: 'contacts', min: 1 }] },
      quietJobContext(),
    );
    const html = auditReportHtml(clean, 'en', { generatedAt: 'now' });
    expect(html).toContain('<span class="badge ok large">PASS</span>');
  });

  it('masks personal values in failing rows, top values, ranges and mismatches unless the author opts in', async () => {
    await engine.exec(`
      CREATE TABLE people AS SELECT * FROM (VALUES
        ('P1', 'tomoko@example.jp', '090-1234-5678', 'ok'),
        ('P2', 'broken@', '03-8057-6523', 'call 080-9999-0000 or x@y.example')) t(id, Mail, Tel, note);
      CREATE TABLE people_migrated AS SELECT * FROM (VALUES ('P1', 'tomoko@example.com', '090-1234-5678', 'ok')) t(id, Mail, Tel, note);`);
    const people = await audit(
      engine,
      {
        tables: [{ table: 'people', key: ['id'] }, 'people_migrated'],
        rules: [{ kind: 'valid_email', table: 'people', column: 'Mail' }],
        reconcile: { source: 'people', target: 'people_migrated', key: ['id'] },
      },
      quietJobContext(),
    );
    const personalColumns = personalColumnNames([{ mapping: { email: 'Mail', phone: 'Tel' }, headers: ['id', 'Mail', 'Tel', 'note'] }]);
    const personal = [
      'tomoko@example.jp',
      'tomoko@example.com',
      '090-1234-5678',
      'broken@',
      '03-8057-6523',
      '080-9999-0000',
      'x@y.example',
    ];
    const masked = auditReportHtml(people, 'en', { generatedAt: 'now', personalColumns });
    for (const value of personal) expect(masked, value).not.toContain(value);
    expect(masked).toContain('b***@');
    expect(masked).toContain('03-****-6523');
    expect(masked).toContain('t***@example.jp');
    const shown = auditReportHtml(people, 'en', { generatedAt: 'now', personalColumns, showPersonalData: true });
    for (const value of personal) expect(shown, value).toContain(value);
  });

  it('gives numeric columns their largest difference and says what equal checksums mean', async () => {
    await engine.exec(`
      CREATE TABLE prices AS SELECT i AS id, 'p' || i AS label, (i * 10)::DOUBLE AS price FROM range(1, 5) r(i);
      CREATE TABLE prices_migrated AS SELECT id, CASE id WHEN 1 THEN 'p2' WHEN 2 THEN 'p1' ELSE label END AS label,
        CASE id WHEN 3 THEN price + 0.5 ELSE price END AS price FROM prices;`);
    const prices = await audit(
      engine,
      { tables: [], reconcile: { source: 'prices', target: 'prices_migrated', key: ['id'] } },
      quietJobContext(),
    );
    const html = auditReportHtml(prices, 'en', { generatedAt: 'now' });
    expect(html).toContain('<th>Largest difference</th>');
    expect(html).toContain('<td class="num">0.5</td>');
    expect(html).toContain('Checksum equal: the same values sit under other keys (rows shifted or keys swapped)');
    expect(html).toContain('Checksum different: values changed');
    expect(auditReportHtml(prices, 'ja', { generatedAt: 'now' })).toContain('<th>最大の差</th>');
  });

  it('lists rows only on one side and repeated keys (first 10, masked, and how many more), and says matching columns match', async () => {
    await engine.exec(`
      CREATE TABLE members AS SELECT 'M' || lpad(i::VARCHAR, 2, '0') AS id, 'member' || i || '@example.jp' AS Mail, 'plan' || (i % 3) AS plan FROM range(40) r(i);
      CREATE TABLE members_migrated AS SELECT * FROM members WHERE id >= 'M15' UNION ALL SELECT * FROM members WHERE id >= 'M25';`);
    const members = await audit(
      engine,
      { tables: [], reconcile: { source: 'members', target: 'members_migrated', key: ['id'] } },
      quietJobContext(),
    );
    const personalColumns = personalColumnNames([{ mapping: { email: 'Mail' }, headers: ['id', 'Mail', 'plan'] }]);
    const html = auditReportHtml(members, 'en', { generatedAt: 'now', personalColumns });
    expect(html).toContain('<summary>Only in Source: 15</summary>');
    for (const id of ['M00', 'M09']) expect(html).toContain(`<td>${id}</td>`);
    expect(html).not.toContain('<td>M10</td>');
    expect(html).toContain('<summary>Repeated keys in Target: 15</summary>');
    expect(html).toContain('<td>M25</td><td>2</td>');
    expect(html.match(/… and 5 more/g)).toHaveLength(2);
    for (let i = 0; i < 15; i++) expect(html).not.toContain(`member${i}@example.jp`);
    expect(html).toContain('m***@example.jp');
    // Every compared pair is equal; the missing and repeated rows are not pairs, so every checksum agrees.
    expect(members.reconciliation!.columns.every((c) => c.checksum.equal)).toBe(true);
    expect(html.match(/values match/g)).toHaveLength(2);
    expect(html).not.toContain('>different<');
    const ja = auditReportHtml(members, 'ja', { generatedAt: 'now', personalColumns });
    expect(ja).toContain('<summary>移行先で重複したキー: 15</summary>');
    expect(ja).toContain('… ほか 5 件');
  });

  it('escapes quotes for attributes too', () => {
    expect(esc(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });
});

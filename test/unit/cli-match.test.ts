/** `kura match` through the real command line: CP932 input, presets, MAP.json, the three output files. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kura, writeCp932File } from './cli-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kura-match-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const crm = join(dir, 'crm.csv');
writeFileSync(
  crm,
  [
    'Id,LastName,FirstName,LastNameKana__c,FirstNameKana__c,Email,Phone,MailingPostalCode,MailingStreet',
    '003A,山田,太郎,ヤマダ,タロウ,taro.yamada@sakura.example.jp,03-3201-1234,100-0005,"丸の内1丁目1番1号\n丸の内ビル12F"',
    '003B,佐藤,花子,サトウ,ハナコ,hanako.sato@minato.example.jp,03-5412-7788,105-0011,芝公園4-2-8',
    '003C,佐藤,花子,サトウ,ハナコ,hanako.sato@niigata.example.jp,025-240-1020,950-0088,万代1-1-1',
  ].join('\n'),
);
const support = join(dir, 'support.csv');
const supportText = [
  '会社名,氏名,フリガナ,電話番号,メールアドレス,郵便番号',
  'さくら商事㈱,山田　太郎,ﾔﾏﾀﾞ ﾀﾛｳ,０３－３２０１－１２３４,taro.yamada@sakura.example.jp,〒100-0005',
  'みなとテック㈱,鈴木　一郎,スズキ イチロウ,03-5412-7700,ichiro@minato.example.jp,105-0011',
].join('\r\n');
writeCp932File(support, supportText);
const web = join(dir, 'web leads.csv');
writeFileSync(web, 'who,mail\nHanako Sato,hanako.sato@minato.example.jp\n');

describe('kura match', () => {
  it('writes clusters, pairs and golden records for CP932 and UTF-8 files, with a MAP.json for odd headers', async () => {
    const map = join(dir, 'map.json');
    writeFileSync(map, JSON.stringify({ 'web leads': { full_name: 'who', email: 'mail' } }));
    const out = join(dir, 'out');
    const run = await kura('match', crm, support, web, '--out', out, '--map', map, '--threshold', '0.9');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^6 records from 3 files → 4 customers \(2 pairs of records in one customer, largest cluster 2\) in .*wrote .*clusters\.csv, pairs\.csv, golden\.csv, check-sample\.csv, teach-sample\.csv\nThe model estimates that about \d+% of the pairs put together are right \(its own claim, not checked; it says nothing of the pairs it missed\)\.\nTo check it, write yes or no/,
    );

    const clusters = readFileSync(join(out, 'clusters.csv'), 'utf8').trim().split('\n');
    expect(clusters[0]).toBe('source,row,customer_id,cluster_id,household_id,source_id');
    const rows = clusters.slice(1).map((line) => line.split(','));
    // Every record once, file base names, 1-based data rows (the quoted newline in crm row 1 does not shift row 2).
    expect(rows.map(([source, row]) => `${source}:${row}`)).toEqual(['crm:1', 'crm:2', 'crm:3', 'support:1', 'support:2', 'web leads:1']);
    const cluster = new Map(rows.map(([source, row, id]) => [`${source}:${row}`, id]));
    expect(cluster.get('support:1')).toBe(cluster.get('crm:1'));
    expect(cluster.get('web leads:1')).toBe(cluster.get('crm:2'));
    expect(cluster.get('crm:3')).not.toBe(cluster.get('crm:2'));
    expect(cluster.get('support:2')).not.toBe(cluster.get('crm:2'));

    const pairs = readFileSync(join(out, 'pairs.csv'), 'utf8').trim().split('\n');
    expect(pairs[0]).toBe('source_l,row_l,source_r,row_r,match_probability');
    expect(pairs).toHaveLength(3);
    for (const line of pairs.slice(1)) expect(Number(line.split(',').at(-1))).toBeGreaterThanOrEqual(0.9);

    const golden = readFileSync(join(out, 'golden.csv'), 'utf8').trim().split('\n');
    expect(golden[0]).toMatch(/^cluster_id,customer_id,records,sources,name,name_source,name_row,email,email_source,email_row,phone,/);
    expect(golden).toHaveLength(5);
  }, 60_000);

  it('checks its estimate with the labels written into check-sample.csv, and says when a labels file is not one', async () => {
    const out = join(dir, 'checked');
    const first = await kura('match', crm, support, web, '--out', out);
    expect(first.code).toBe(0);
    const sample = readFileSync(join(out, 'check-sample.csv'), 'utf8').trim().split('\n');
    expect(sample[0]).toBe('position,pair,same,use,model_probability,left_record,right_record');
    // The two pairs put together and the plausible pairs left apart are all in so small a sample.
    const pairs = sample.slice(1).map((line) => line.split(',')[1]!);
    expect(pairs).toEqual(expect.arrayContaining(['crm:1|support:1', 'crm:2|web leads:1']));
    // A reviewer says the first pair put together is right and the second wrong: precision 1/2.
    const labels = join(dir, 'labels.csv');
    writeFileSync(labels, ['pair,same', 'crm:1|support:1,yes', 'crm:2|web leads:1,いいえ', 'nowhere:1|nowhere:2,yes'].join('\n'));
    const second = await kura('match', crm, support, web, '--out', out, '--labels', labels);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain('Checked with 2 labels: precision 0.500 (95% interval');
    expect(second.stdout).toContain("(1 label is for a pair outside this run's sample and was not counted)");

    writeFileSync(labels, 'a,b\n1,2\n');
    const wrong = await kura('match', crm, support, web, '--out', out, '--labels', labels);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('A labels file needs the columns "pair" and "same"');
  }, 90_000);

  it('offers pairs to teach in teach-sample.csv and re-estimates the model from their labels, kept apart from the check', async () => {
    const out = join(dir, 'taught');
    const first = await kura('match', crm, support, web, '--out', out);
    expect(first.code).toBe(0);
    const offered = readFileSync(join(out, 'teach-sample.csv'), 'utf8').trim().split('\n');
    expect(offered[0]).toBe('position,pair,same,use,model_probability,left_record,right_record');
    expect(offered.length).toBeGreaterThan(1);
    expect(offered[1]).toMatch(/^1,[^,]+\|[^,]+,,teach,/);
    // 佐藤 花子 of Minato and of Niigata are put apart; the reviewer says they are one person. A check label on another pair is only counted by the check.
    const labels = join(dir, 'teach.csv');
    writeFileSync(labels, ['pair,same,use', 'crm:2|crm:3,yes,teach', 'crm:1|support:1,yes,check'].join('\n'));
    const second = await kura('match', crm, support, web, '--out', out, '--labels', labels);
    expect(second.stderr).toBe('');
    expect(second.stdout).toMatch(
      /Model updated from 1 label \(1 same, 0 different\).*; the pairs were scored and clustered again with it\./,
    );
    expect(second.stdout).toContain('Checked with 1 label');
    expect(readFileSync(join(out, 'teach-sample.csv'), 'utf8')).not.toContain('crm:2|crm:3');
  }, 90_000);

  it('writes formulas from the data as text in golden.csv, clusters.csv and pairs.csv', async () => {
    const evil = join(dir, '@leads.csv');
    writeFileSync(
      evil,
      [
        'who,mail,tel',
        '"=HYPERLINK(""http://x"",""y"")",=evil@sakura.example.jp,03-3201-1234',
        '"=HYPERLINK(""http://x"",""y"")",=evil@sakura.example.jp,03-3201-1234',
        '＝1+1,b@example.jp,－0312345678',
        '\u200B@SUM(A1),c@example.jp, +81 3 5555 6666',
      ].join('\n'),
    );
    const map = join(dir, 'evil-map.json');
    writeFileSync(map, JSON.stringify({ '@leads': { full_name: 'who', email: 'mail', phone: 'tel' } }));
    const out = join(dir, 'evil-out');
    const run = await kura('match', evil, '--out', out, '--map', map);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const golden = readFileSync(join(out, 'golden.csv'), 'utf8');
    expect(golden).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(golden).toContain("'＝1+1");
    expect(golden).toContain("'\u200B@SUM(A1)");
    expect(golden).toContain("'=evil@sakura.example.jp");
    // No field of any file starts like a formula (after optional quoting, spaces and zero-width characters).
    for (const file of ['golden.csv', 'clusters.csv', 'pairs.csv']) {
      const text = readFileSync(join(out, file), 'utf8');
      expect(text.split(/[\n,]/).filter((field) => /^"?[\s\u200B\uFEFF]*[=+\-@＝＋－＠]/u.test(field))).toEqual([]);
    }
    expect(readFileSync(join(out, 'clusters.csv'), 'utf8').trim().split('\n').slice(1)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^'@leads,1,/)]),
    );
    expect(readFileSync(join(out, 'pairs.csv'), 'utf8').trim().split('\n')[1]).toMatch(/^'@leads,1,'@leads,2,/);
  }, 60_000);

  it('gives customers the same ids whatever the order of the files, and keeps them with --previous when a file is added', async () => {
    const idsOf = (out: string) =>
      new Map(
        readFileSync(join(out, 'clusters.csv'), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => line.split(','))
          .map(([source, row, customer]) => [`${source}:${row}`, customer]),
      );
    const forward = join(dir, 'ids-forward');
    const backward = join(dir, 'ids-backward');
    expect((await kura('match', crm, support, '--out', forward)).code).toBe(0);
    expect((await kura('match', support, crm, '--out', backward)).code).toBe(0);
    expect(idsOf(backward)).toEqual(idsOf(forward));

    const added = join(dir, 'ids-added');
    const run = await kura('match', web, support, crm, '--out', added, '--previous', forward);
    expect(run.code).toBe(0);
    // Hanako Sato of the web leads joins crm:2's customer, which keeps its id; the other three are unchanged.
    expect(run.stdout).toContain(
      'Against the earlier run: 3 customers unchanged, 1 with records gained or lost, 0 merged, 0 split, 0 new;',
    );
    const before = idsOf(forward);
    const after = idsOf(added);
    for (const [record, id] of before) expect(after.get(record)).toBe(id);
    expect(after.get('web leads:1')).toBe(before.get('crm:2'));

    const wrong = await kura('match', crm, '--out', join(dir, 'ids-wrong'), '--previous', dir);
    expect(wrong.code).toBe(2);
  }, 60_000);

  it('refuses bad arguments with one line and exit code 2', async () => {
    const noOut = await kura('match', crm);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr.split('\n')[0]).toBe('error: match needs --out DIR for the result files.');
    const threshold = await kura('match', crm, '--out', join(dir, 'x'), '--threshold', '2');
    expect(threshold.code).toBe(2);
    expect(threshold.stderr.split('\n')[0]).toBe('error: --threshold must be a probability between 0 and 1, e.g. 0.9.');
    const missing = await kura('match', join(dir, 'nope.csv'), '--out', join(dir, 'y'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`error: ${join(dir, 'nope.csv')}: There is no such file.\n`);
  }, 60_000);
});

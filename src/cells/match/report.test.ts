import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../notebook/format.ts';
import { notebookReportHtml } from '../../report/notebook-report.ts';

/** A match's value as the cell leaves it: 4,300 records from three sources, 2,507 customers. */
const matched = {
  records: 4300,
  sources: ['crm', 'web', 'support'],
  goldenRecords: 2507,
  clusters: { clusters: 2507, linkedRecords: 2980, largest: 4, rounds: 3, sizes: [] },
  estimate: { threshold: 0.9, precision: 0.94, recall: 0.66, pairsInside: 2873 },
};

describe('the match cell in the report', () => {
  it('says how many records became how many customers and, after an earlier run, what changed, in the notebook language', async () => {
    const value = {
      ...matched,
      customers: { earlier: true, unchanged: 2480, changed: 12, merged: 3, split: 2, new: 10, retired: 3 },
    };
    const html = async (lang: string, customers = value.customers) => {
      const notebook = parseNotebook(`---\nkura: 1\ntitle: m\nlang: ${lang}\n---\n\n\`\`\`match customers\nsources: [crm]\n\`\`\`\n`);
      return notebookReportHtml(
        notebook,
        { [notebook.cells[0]!.id]: { status: 'done', value: { ...value, customers } } },
        { generatedAt: '2026-01-02T03:04:05Z', version: '1.0.0' },
      );
    };
    expect(await html('en')).toContain('4,300 records from 3 sources are 2,507 customers');
    expect(await html('en')).toContain(
      'Since the run before: 2,480 customers unchanged, 12 with records gained or lost, 3 merged from several, 2 split apart, 10 new.',
    );
    expect(await html('ja')).toContain(
      '前回の実行から：変化なし 2,480 人、レコードの増減 12 人、複数から統合 3 人、分割 2 人、新規 10 人。',
    );
    expect(await html('en', { ...value.customers, earlier: false })).not.toContain('Since the run before');
    const nothingChanged = { earlier: true, unchanged: 2507, changed: 0, merged: 0, split: 0, new: 0, retired: 0 };
    expect(await html('en', nothingChanged)).not.toContain('Since the run before');
  });

  it('counts the attached exports in the summary and says what each attach did', async () => {
    const value = {
      ...matched,
      goldenRecords: 2600,
      clusters: { clusters: 2600, linkedRecords: 3200, largest: 4, rounds: 0, sizes: [] },
      attached: [{ source: 'weekly_signups', records: 406, attached: 301, review: 1, new: 104, newCustomers: 93 }],
    };
    const html = async (lang: string) => {
      const notebook = parseNotebook(
        `---\nkura: 1\ntitle: m\nlang: ${lang}\n---\n\n\`\`\`match customers\nsources: [crm]\nattach: [weekly_signups]\n\`\`\`\n`,
      );
      return notebookReportHtml(
        notebook,
        { [notebook.cells[0]!.id]: { status: 'done', value } },
        { generatedAt: '2026-01-02T03:04:05Z', version: '1.0.0' },
      );
    };
    expect(await html('en')).toContain('4,706 records from 4 sources are 2,600 customers');
    expect(await html('en')).toContain(
      'Then weekly_signups was attached to these customers without matching everything again: of its 406 records, 301 joined existing customers, 1 is offered for review and 104 are new.',
    );
    expect(await html('ja')).toContain('406 レコードのうち、既存の顧客に加わったもの 301 件、確認待ち 1 件、新規 104 件。');
  });
});

import { describe, expect, it } from 'vitest';
import { maskPersonalText, notebookPersonalColumns, reportMasker } from './report-privacy.ts';
import type { Cell } from '../document/model.ts';

describe('what the report masks', () => {
  it('masks e-mail addresses and phone numbers inside any text, and leaves dates, times, ids and amounts alone', () => {
    expect(maskPersonalText('call 090-1234-5678 or write to tomoko.murakami@example.jp.')).toBe(
      'call 090-****-5678 or write to t***@example.jp.',
    );
    expect(maskPersonalText('０３－８０５７－６５２３ / +1 (415) 555-0134')).toBe('０３－****－６５２３ / +1 (***) ***-0134');
    for (const kept of ['2025-06-28 05:45:13', '2025/06/30', '003Kd0000000001QAA', 'ORD-000001', '1,234,567,890', '12345', 'v1.2.3'])
      expect(maskPersonalText(kept)).toBe(kept);
  });

  it('masks by column name in any case, from the sources’ mappings and the standard and golden-record names', () => {
    const cells = [{ id: 'a', kind: 'source', name: 'crm', spec: { file: 'crm.csv', preset: 'salesforce.contact' } }] as unknown as Cell[];
    const names = notebookPersonalColumns(cells, { crm: ['Id', 'LastName', 'Email', 'MobilePhone', 'MailingStreet', 'MailingCity'] });
    expect(names.get('lastname')).toBe('name');
    expect(names.get('mobilephone')).toBe('phone');
    expect(names.get('mailingstreet')).toBe('address');
    expect(names.has('mailingcity')).toBe(false);
    expect(names.get('postal_code')).toBe('postal_code');
    const mask = reportMasker(names);
    expect(mask.value('LASTNAME', '村上')).toBe('村***');
    expect(mask.value('name', 'Jon Moore')).toBe('J***');
    expect(mask.value('birth_date', '1980-05-01')).toBe('1980');
    expect(mask.value('MailingCity', '新宿区')).toBe('新宿区');
    expect(mask.value('note', 'a@b.example')).toBe('a***@b.example');
    const shown = reportMasker('show');
    expect(shown.value('Email', 'a@b.example')).toBe('a@b.example');
    expect(shown.hides).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { addCell, runsFinished } from './helpers.ts';

test.describe('migrate cell', () => {
  test("on the demo, writes a Salesforce Contact import file whose first row is the target header, and reconciles it with the target's export", async ({
    page,
  }) => {
    // The demo runs all its cells (matching 4,300 records among them) before the new cell is added.
    test.setTimeout(420_000);
    await page.goto('/?demo');
    await expect(page.locator('[data-testid="cell-match"][data-cell-name="customers"]').getByTestId('match-summary')).toContainText(
      /golden records/,
      { timeout: 240_000 },
    );
    await runsFinished(page, 240_000);
    await addCell(page, 'migrate');
    const cell = page.getByTestId('cell-migrate').last();
    await expect(cell.getByTestId('migrate-summary')).toContainText(
      /^salesforce\.contact: [\d,]+ of [\d,]+ rows will be created; [\d,]+ fail the target's rules\.$/,
      { timeout: 90_000 },
    );
    await runsFinished(page);

    const download = page.waitForEvent('download');
    await cell.getByRole('button', { name: 'Download import.csv' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('import.csv');
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toBe(
      'Kura_Customer_Id__c,LastName,FirstName,Email,Phone,MobilePhone,Title,AccountId,Account.Kura_Account_Id__c,MailingStreet,MailingCity,MailingState,MailingPostalCode,MailingCountry,Birthdate,Kura_Customer_Since__c',
    );
    const summary = (await cell.getByTestId('migrate-summary').textContent())!;
    const passing = Number(/: ([\d,]+) of/.exec(summary)![1]!.replaceAll(',', ''));
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(passing + 1);

    // The target's export after a test import: its own labels as headers, the first row lost, one e-mail changed, one row not sent.
    const [header, ...rows] = text.split('\r\n').filter(Boolean);
    const labels = header!
      .replace('Kura_Customer_Id__c', 'Kura Customer Id')
      .replace('LastName', 'Last Name')
      .replace('FirstName', 'First Name')
      .replace('Account.Kura_Account_Id__c', 'Account: Kura Account Id');
    const columns = header!.split(',');
    const emailAt = columns.indexOf('Email');
    const plain = rows.findIndex((row, index) => index > 1 && !row.includes('"') && row.split(',')[emailAt]);
    const changed = rows[plain]!.split(',');
    changed[emailAt] = 'changed@example.com';
    const extra = columns.map((_, index) => ['KC-extra', 'Extra', '', 'extra@example.com'][index] ?? '').join(',');
    const exported = [labels, ...rows.slice(0, plain).slice(1), changed.join(','), ...rows.slice(plain + 1), extra].join('\r\n');
    await addCell(page, 'source');
    const source = page.getByTestId('cell-source').last();
    await source.getByTestId('file-input').setInputFiles({ name: 'crm_export.csv', mimeType: 'text/csv', buffer: Buffer.from(exported) });
    await expect(source.getByTestId('load-summary')).toContainText(`${passing.toLocaleString('en')} rows`);
    const exportTable = await source.getByRole('textbox', { name: 'Table name' }).inputValue();
    await runsFinished(page);

    const settings = cell.getByTestId('cell-settings-toggle');
    if ((await settings.getAttribute('aria-expanded')) !== 'true') await settings.click();
    await cell.getByRole('combobox', { name: "Target's export after the import" }).selectOption(exportTable);
    await cell.getByTestId('run-cell').click();
    await expect(cell.getByTestId('migrate-reconciled')).toContainText(
      `Reconciled with ${exportTable}: 1 sent row is missing and 1 row was not sent.`,
      { timeout: 90_000 },
    );
    await expect(cell.getByTestId('migrate-reconciled')).toContainText('Email: 1 row holds another value');
  });
});

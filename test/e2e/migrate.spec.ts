import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { addCell, runsFinished } from './helpers.ts';

test.describe('migrate cell', () => {
  test('on the demo, writes a Salesforce Contact import file whose first row is the target header', async ({ page }) => {
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
      'Kura_Customer_Id__c,LastName,FirstName,Email,Phone,MobilePhone,Title,AccountId,Account.Kura_Account_Id__c,MailingStreet,MailingCity,MailingState,MailingPostalCode,MailingCountry,Birthdate',
    );
    const summary = (await cell.getByTestId('migrate-summary').textContent())!;
    const passing = Number(/: ([\d,]+) of/.exec(summary)![1]!.replaceAll(',', ''));
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(passing + 1);
  });
});

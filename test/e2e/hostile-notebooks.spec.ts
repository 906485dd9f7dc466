import { expect, test, type Page } from '@playwright/test';
import { openDemo, watchRequests } from './helpers.ts';

/** Notebooks someone else wrote, with payloads in every place a notebook can carry text. */
const payload = 'window.__pwned=1';
const hostileNotebooks: Record<string, string> = {
  markdown: `---
kura: 1
title: "<img src=x onerror=${payload}>"
---
# Hello <script>${payload}</script>

<img src="x" onerror="${payload}">
[click me](javascript:${payload})
<svg onload="${payload}"><circle r="5"/></svg>
<iframe src="https://example.com/frame"></iframe>
<a href="https://example.com/track" onclick="${payload}">a link</a>
![pixel](https://example.com/pixel.png)
<style>body { background: url(https://example.com/bg.png) }</style>
`,
  values: `---
kura: 1
title: Values
---
\`\`\`sql evil
select '<img src=x onerror=${payload}>' as "<script>${payload}</script>", 'javascript:${payload}' as link, '<svg onload=${payload}>' as svg
\`\`\`

\`\`\`chart
data: evil
mark: bar
x: "<script>${payload}</script>"
aggregation: count
\`\`\`

\`\`\`audit checks
tables: [evil]
\`\`\`
`,
};

async function openNotebookText(page: Page, text: string): Promise<void> {
  await page.evaluate((content) => {
    const handle = { name: 'shared.kura.md', getFile: async () => new File([content], 'shared.kura.md') };
    Object.assign(window, { showOpenFilePicker: async () => [handle] });
  }, text);
  await page.getByRole('button', { name: 'Open' }).click();
}

async function executableContent(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`${element.tagName} ${attribute.name}`);
        const isUrl = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(attribute.name.toLowerCase());
        if (isUrl && /^\s*javascript:/i.test(attribute.value)) found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
      }
      if (element.tagName === 'IFRAME' || element.tagName === 'OBJECT' || element.tagName === 'EMBED') found.push(element.tagName);
      if (element.tagName === 'SCRIPT' && !(element as HTMLScriptElement).src) found.push('inline script');
    }
    return found;
  });
}

test.describe('hostile notebooks', () => {
  for (const [name, text] of Object.entries(hostileNotebooks)) {
    test(`${name}: nothing runs on opening, no script runs after Run all, nothing leaves the origin`, async ({ page, context, baseURL }) => {
      const requests = watchRequests(context, new URL(baseURL!).origin);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await openDemo(page);
      await openNotebookText(page, text);
      await expect(page.getByTestId('not-run-yet')).toBeVisible();
      await expect(page.getByTestId('result-table')).toHaveCount(0);

      await page.getByTestId('not-run-yet').getByRole('button', { name: 'Run all' }).click();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 60_000 });
      if (name === 'values') {
        const table = page.locator('[data-testid="cell-sql"] [data-testid="result-table"]');
        await expect(table).toContainText(`<img src=x onerror=${payload}>`);
        await expect(table).toContainText(`<script>${payload}</script>`);
        await expect(page.getByTestId('chart-figure').locator('svg')).toBeVisible();
        await expect(page.getByTestId('audit-profile')).toContainText(`<script>${payload}</script>`);
      } else {
        await expect(page.getByRole('heading', { name: /Hello/ })).toBeVisible();
      }

      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await executableContent(page)).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(requests.offOrigin()).toEqual([]);
    });
  }
});

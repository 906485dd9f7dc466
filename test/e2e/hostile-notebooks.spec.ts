import { expect, test, type Page } from '@playwright/test';
import { openNotebook, watchRequests } from './helpers.ts';

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
  remote: `---
kura: 1
title: Remote references
---
# Nothing here may load from elsewhere

<video src="https://example.com/v.mp4" poster="https://example.com/poster.png" autoplay muted></video>
<audio src="https://example.com/a.mp3" autoplay></audio>
<video autoplay muted><source src="https://example.com/s.mp4" type="video/mp4"><track src="https://example.com/t.vtt"></video>
<picture><source srcset="https://example.com/p.webp"><img src="//example.com/protocol-relative.png"></picture>
<table background="https://example.com/bg.png"><tr><td>cell</td></tr></table>
<div style="background:url(https://example.com/style.png)">styled</div>
<a href="https://example.com/ok" ping="https://example.com/ping">a link may stay</a>

\`\`\`sql paint
select * from (values ('a', 1, 'url(https://example.com/fill-a)'), ('b', 2, 'url(//example.com/fill-b)')) t(k, v, c)
\`\`\`

\`\`\`chart
data: paint
mark: bar
x: k
y: v
color: c
\`\`\`
`,
};

async function openNotebookText(page: Page, text: string): Promise<void> {
  await page.evaluate((content) => {
    const handle = { name: 'shared.kura.md', getFile: async () => new File([content], 'shared.kura.md') };
    Object.assign(window, { showOpenFilePicker: async () => [handle] });
  }, text);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
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

/** Attributes and styles in the page that point outside it (links a user clicks excepted). */
async function remoteReferences(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    // Attributes that load, link or paint from an address; text attributes (title, aria-label) only show one.
    const referencing =
      /^(src|srcset|href|xlink:href|poster|background|action|formaction|data|ping|longdesc|cite|style|fill|stroke|clip-path|mask|filter|marker-(start|mid|end)|cursor)$/i;
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (!referencing.test(attribute.name) || (element.tagName === 'A' && attribute.name === 'href')) continue;
        if (/(https?:|\/\/|url\()/i.test(attribute.value) && !/^url\(#/.test(attribute.value))
          found.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
      }
    }
    for (const style of document.querySelectorAll('style')) {
      for (const match of (style.textContent ?? '').matchAll(/url\(\s*['"]?([^)'"]*)/gi))
        if (!match[1]!.startsWith('#') && !match[1]!.startsWith('data:')) found.push(`style url(${match[1]})`);
    }
    return found;
  });
}

test.describe('hostile notebooks', () => {
  for (const [name, text] of Object.entries(hostileNotebooks)) {
    test(`${name}: nothing runs on opening, no script runs after Run all, nothing leaves the origin`, async ({
      page,
      context,
      baseURL,
    }) => {
      const origin = new URL(baseURL!).origin;
      const requests = watchRequests(context, origin);
      // Every request the page starts, including those CSP would stop.
      const attempted: string[] = [];
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) attempted.push(url);
      });
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await openNotebook(page);
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
      } else if (name === 'remote') {
        await expect(page.getByRole('heading', { name: /Nothing here may load/ })).toBeVisible();
        await expect(page.getByTestId('cell-error')).toContainText(
          'The colour column "c" holds "url(https://example.com/fill-a)", which a chart does not draw',
        );
        await expect(page.getByRole('link', { name: 'a link may stay' })).toHaveAttribute('href', 'https://example.com/ok');
        await page.waitForTimeout(500); // media elements start loading on their own
      } else {
        await expect(page.getByRole('heading', { name: /Hello/ })).toBeVisible();
      }

      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await executableContent(page)).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(requests.offOrigin()).toEqual([]);
      expect(requests.blockedByPolicy()).toEqual([]);
      expect(attempted).toEqual([]);
      expect(await remoteReferences(page)).toEqual([]);
    });
  }
});

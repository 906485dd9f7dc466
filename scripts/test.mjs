// `npm test`: install what is needed (npm packages, Debian's chromium), then unit tests (vitest) and browser tests (Playwright).
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { build, ensureChromium, ensureDependencies, generateDemoData, run } from './setup.mjs';

ensureDependencies();
const haveChromium = ensureChromium();
generateDemoData();
mkdirSync('.test-results', { recursive: true });

const typeStatus = run('npx svelte-check --tsconfig ./tsconfig.json --threshold error --output machine', { allowFailure: true });
const layerStatus = run('node scripts/check-layers.mjs', { allowFailure: true });
const lintStatus = run('npx eslint .', { allowFailure: true });
const formatStatus = run('npx prettier --check . --log-level warn', { allowFailure: true });
const unitStatus = run('npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/unit.json', {
  allowFailure: true,
});
let browserStatus = 1;
if (haveChromium) {
  build();
  browserStatus = run('npx playwright test --reporter=list,json', {
    allowFailure: true,
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: '.test-results/e2e.json' },
  });
}

const unit = vitestCounts('.test-results/unit.json');
const browser = playwrightCounts('.test-results/e2e.json');
console.log(`\nunit: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped`);
console.log(`browser: ${browser.passed} passed, ${browser.failed} failed, ${browser.skipped} skipped`);
const passed = unit.passed + browser.passed;
const failed =
  unit.failed +
  browser.failed +
  (haveChromium ? 0 : 1) +
  (typeStatus === 0 ? 0 : 1) +
  (layerStatus === 0 ? 0 : 1) +
  (lintStatus === 0 ? 0 : 1) +
  (formatStatus === 0 ? 0 : 1);
if (typeStatus !== 0) console.log('types: svelte-check found errors (counted as 1 failed)');
if (lintStatus !== 0) console.log('lint: ESLint found problems (counted as 1 failed; npx eslint . names them)');
if (formatStatus !== 0) console.log('format: files not in Prettier style (counted as 1 failed; npm run format fixes them)');
if (layerStatus !== 0) console.log('layers: an import runs up the layers or folders import each other in a circle (counted as 1 failed)');
const skipped = unit.skipped + browser.skipped;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(
  typeStatus === 0 && layerStatus === 0 && lintStatus === 0 && formatStatus === 0 && unitStatus === 0 && browserStatus === 0 && failed === 0
    ? 0
    : 1,
);

function vitestCounts(path) {
  if (!existsSync(path)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(path, 'utf8'));
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + (report.success === false && !report.numFailedTests ? 1 : 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function playwrightCounts(path) {
  if (!existsSync(path)) return { passed: 0, failed: haveChromium ? 1 : 0, skipped: 0 };
  const stats = JSON.parse(readFileSync(path, 'utf8')).stats ?? {};
  return { passed: stats.expected ?? 0, failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0), skipped: stats.skipped ?? 0 };
}

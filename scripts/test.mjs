// `npm test`: install what is needed (npm packages, Debian's chromium), then unit tests (vitest) and browser tests (Playwright).
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { buildCommand, ensureChromium, ensureDependencies, generateDemoData, run } from './setup.mjs';

const started = Date.now();
const phases = [];
const timed = (phase, work) => {
  const from = Date.now();
  const result = work();
  phases.push(`${phase} ${minutes(Date.now() - from)}`);
  return result;
};

ensureDependencies();
const haveChromium = ensureChromium();
generateDemoData();
mkdirSync('.test-results', { recursive: true });

phases.push(`install and demo data ${minutes(Date.now() - started)}`);

// The checks and the app's build for the browser tests run side by side: none of them fills both cores for long.
const checksFrom = Date.now();
const [typeStatus, layerStatus, lintStatus, formatStatus, buildStatus] = await Promise.all([
  runCaptured('npx svelte-check --tsconfig ./tsconfig.json --threshold error --output machine'),
  runCaptured('node scripts/check-layers.mjs'),
  runCaptured('npx eslint .'),
  runCaptured('npx prettier --check . --log-level warn'),
  haveChromium ? runCaptured(buildCommand) : Promise.resolve(0),
]);
phases.push(`checks and build ${minutes(Date.now() - checksFrom)}`);
if (buildStatus !== 0) {
  console.error(`error: the app's build failed with exit code ${buildStatus}`);
  process.exit(buildStatus);
}
const unitStatus = timed('unit', () =>
  run('npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/unit.json', { allowFailure: true }),
);
let browserStatus = 1;
if (haveChromium) {
  browserStatus = timed('browser', () =>
    run('npx playwright test --reporter=list,json', {
      allowFailure: true,
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: '.test-results/e2e.json' },
    }),
  );
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
console.log(`time: ${minutes(Date.now() - started)} (${phases.join(', ')})`);
console.log(`slowest unit files: ${slowest(unitFileTimes('.test-results/unit.json'))}`);
console.log(`slowest browser tests: ${slowest(browserTestTimes('.test-results/e2e.json'))}`);
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

/** Runs a command with its output held back, then prints the command and its output in one piece; resolves to its exit code. */
function runCaptured(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      process.stdout.write(`> ${command}\n${Buffer.concat(output).toString()}`);
      resolve(code ?? 1);
    });
  });
}

function minutes(ms) {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** The five longest of [name, ms] pairs, as one line. */
function slowest(times) {
  return (
    [...times]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([name, ms]) => `${name} ${minutes(ms)}`)
      .join(', ') || 'none'
  );
}

function unitFileTimes(path) {
  if (!existsSync(path)) return [];
  const report = JSON.parse(readFileSync(path, 'utf8'));
  return (report.testResults ?? []).map((file) => [file.name.replace(`${process.cwd()}/`, ''), file.endTime - file.startTime]);
}

function browserTestTimes(path) {
  if (!existsSync(path)) return [];
  const times = [];
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      const ms = spec.tests.flatMap((test) => test.results.map((result) => result.duration)).reduce((sum, d) => sum + d, 0);
      times.push([`${spec.file}: ${spec.title}`, ms]);
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of JSON.parse(readFileSync(path, 'utf8')).suites ?? []) visit(suite);
  return times;
}

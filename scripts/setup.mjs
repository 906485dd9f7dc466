// Shared steps of `npm start`, `npm test` and `npm run bench`: install what is missing, nothing more.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

export function run(command, options = {}) {
  console.log(`> ${command}`);
  const result = spawnSync(command, { stdio: 'inherit', shell: true, ...options });
  if (result.status !== 0 && !options.allowFailure) {
    console.error(`error: "${command}" failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
  return result.status ?? 1;
}

/** Installs npm dependencies when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const marker = 'node_modules/.package-lock.json';
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync('package-lock.json').mtimeMs) return;
  // Not `npm ci`: npm 11 leaves other platforms' optional DuckDB bindings out of the lock file, which `npm ci` then rejects.
  run('npm install --no-audit --no-fund');
}

export const chromiumPath = process.env.KURA_CHROMIUM ?? '/usr/bin/chromium';

/** Installs Debian's chromium and the Noto CJK fonts for the browser tests when they are absent and we are root. */
export function ensureChromium() {
  const cjkFonts = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
  if (existsSync(chromiumPath) && existsSync(cjkFonts)) return true;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    // fonts-noto-cjk: Japanese renders (and screenshots compare) the same on every machine.
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk');
    return existsSync(chromiumPath);
  }
  if (existsSync(chromiumPath)) return true;
  console.error(
    `error: Chromium is missing at ${chromiumPath}; install Debian's "chromium" package (apt-get install chromium) or set KURA_CHROMIUM.`,
  );
  return false;
}

export function generateDemoData() {
  run('npm run -s demo');
}

/** Builds the app into dist/ (what the browser tests, the bench and `npm start` serve). */
export const buildCommand = 'npx vite build --logLevel warn';

export function build() {
  run(buildCommand);
}

export function git(command) {
  return execSync(`git ${command}`, { encoding: 'utf8' }).trim();
}

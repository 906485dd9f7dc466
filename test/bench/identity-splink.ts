/**
 * Kura and Splink side by side: `KURA_BENCH_ONLY=identity-splink npm run bench` (also part of the full bench).
 * On FEBRL4, Splink's fake_1000 and historical_50k (../shared/data/er) and the people set (test/data/people, seed
 * 2001; `KURA_BENCH_SPLINK_PEOPLE`, default 3000,60000) it runs Kura's identityMatch natively (the specs of
 * src/identity/accuracy.test.ts and test/bench/identity-people.ts) and Splink with its documented settings
 * (test/bench/identity-splink.py), scores both sets of clusters with the same pairwise scorer
 * (test/data/people/score.ts) and prints one table. Splink lives in a virtualenv outside the repository
 * (`KURA_SPLINK_VENV`, default ../.peers/splink-venv; docs/benchmarks.md says how it is made); without it the
 * bench says so and skips.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { NativeEngine } from '../../src/engine/native.ts';
import { identityMatch } from '../../src/identity/job.ts';
import type { MatchSpec } from '../../src/identity/model/spec.ts';
import type { PrepareContext } from '../../src/identity/prepare/prepare.ts';
import { loadFile } from '../../src/ingest/load.ts';
import { quietJobContext } from '../../src/jobs/job.ts';
import { keyerFor } from '../../src/cli/parallel-keys.ts';
import { generatePeopleSet } from '../data/people/generate.ts';
import { pairwiseScore, readColumns, type PairwiseScore } from '../data/people/score.ts';
import { fake1000, febrl4, historical50k } from '../data/public-er-mappings.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const erDir = resolve(repo, '../shared/data/er');
const venv = resolve(process.env.KURA_SPLINK_VENV ?? resolve(repo, '../.peers/splink-venv'));
const python = join(venv, 'bin', 'python');
const splinkScript = fileURLToPath(new URL('./identity-splink.py', import.meta.url));
const peopleScales = (process.env.KURA_BENCH_SPLINK_PEOPLE ?? '3000,60000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);

/** One set as both tools see it: files for Kura, the Splink script's arguments, and the truth (record key → entity). */
interface BenchSet {
  name: string;
  files: { name: string; bytes: Uint8Array }[];
  spec: (tables: string[]) => MatchSpec;
  /** Kura's record key: SQL over identity_input `i` (and the loaded tables), the same key the Splink script writes. */
  kuraKeySql: string;
  truth: (engine: NativeEngine) => Promise<Map<string, string>>;
  splink: { set: string; data: string };
  cleanup?: () => void;
}

interface Run {
  score: PairwiseScore;
  /** Wall-clock seconds and CPU seconds (all threads of the process: DuckDB's and the normalisers'). */
  seconds: number;
  cpu: number;
}

export async function benchIdentitySplink(): Promise<boolean> {
  const only = process.env.KURA_BENCH_ONLY;
  if (only && only !== 'identity-splink') return false;
  console.log('\n## Identity side by side with Splink\n');
  const version = splinkVersion();
  if (!version) {
    console.log(
      `Splink not found: no virtualenv with splink at ${venv} (set KURA_SPLINK_VENV; docs/benchmarks.md says how to make it). Skipped.`,
    );
    return only === 'identity-splink';
  }
  if (!existsSync(join(erDir, 'SOURCE.md'))) console.log(`Public ER sets not found at ${erDir}: only the people set is run.`);
  const rows: string[] = [];
  const loadBefore = loadavg()[0]!;
  for (const set of sets()) {
    const kura = await runKura(set);
    const splink = runSplink(set, kura.truth);
    set.cleanup?.();
    const cell = (run: Run) =>
      `${f(run.score.precision)} | ${f(run.score.recall)} | ${f(run.score.f1)} | ${run.seconds.toFixed(1)} s (${run.cpu.toFixed(1)} s CPU)`;
    const row = `| ${set.name} | ${kura.score.records.toLocaleString()} | ${cell(kura)} | ${cell(splink)} |`;
    console.log(row);
    rows.push(row);
  }
  console.log(
    `\nSplink ${version} (DuckDB backend), native Kura (DuckDB ${await duckdbVersion()}); time = wall clock of the matching alone (after loading), with the CPU seconds of all the process's threads; load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end.\n`,
  );
  console.log('| set | records | Kura P | Kura R | Kura F1 | Kura time | Splink P | Splink R | Splink F1 | Splink time |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  return only === 'identity-splink';
}

const f = (x: number) => x.toFixed(3);

function splinkVersion(): string | undefined {
  if (!existsSync(python)) return undefined;
  const probe = spawnSync(python, ['-c', 'import splink; print(splink.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

async function duckdbVersion(): Promise<string> {
  const engine = await NativeEngine.create();
  const version = String(tableFromIPC(await engine.query('SELECT version() AS v')).get(0)?.v);
  await engine.close();
  return version;
}

async function runKura(set: BenchSet): Promise<Run & { truth: Map<string, string> }> {
  const engine = await NativeEngine.create();
  try {
    const tables: string[] = [];
    for (const file of set.files) {
      const table = file.name.replace(/\.[a-z]+$/, '');
      tables.push(table);
      await loadFile(engine, { fileName: file.name, bytes: file.bytes, table });
    }
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    // As `kura match` runs it: the normalisers in worker threads once the input is large enough to pay for them.
    const { keyer, close } = keyerFor(set.files.reduce((bytes, file) => bytes + file.bytes.length, 0));
    const context: PrepareContext = { ...quietJobContext(), keyer };
    await identityMatch(engine, set.spec(tables), context).finally(close);
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = process.cpuUsage(cpuStarted);
    const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
    const clusters = tableFromIPC(
      await engine.query(
        `SELECT ${set.kuraKeySql} AS record, c.cluster_id FROM identity_clusters c JOIN identity_input i USING (unique_id)`,
      ),
    ).toArray();
    const truth = await set.truth(engine);
    const score = pairwiseScore(truth, new Map(clusters.map((row) => [String(row.record), String(row.cluster_id)])));
    return { score, seconds, cpu, truth };
  } finally {
    await engine.close();
  }
}

function runSplink(set: BenchSet, truth: ReadonlyMap<string, string>): Run {
  const out = join(mkdtempSync(join(tmpdir(), 'kura-splink-')), 'clusters.csv');
  const run = spawnSync(python, [splinkScript, '--set', set.splink.set, '--data', set.splink.data, '--out', out], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`Splink failed on ${set.name}:\n${run.stderr.slice(-4000)}`);
  const { seconds, cpu } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { seconds: number; cpu: number };
  const clusters = new Map(
    readColumns(readFileSync(out, 'utf8'), ['record', 'cluster_id']).map(([record, cluster]) => [record!, cluster!]),
  );
  rmSync(resolve(out, '..'), { recursive: true, force: true });
  return { score: pairwiseScore(truth, clusters), seconds, cpu };
}

function* sets(): Generator<BenchSet> {
  if (existsSync(join(erDir, 'SOURCE.md'))) {
    const er = (file: string) => ({ name: file, bytes: new Uint8Array(readFileSync(join(erDir, file))) });
    yield {
      name: 'FEBRL4',
      files: [er('febrl_dataset4a.csv'), er('febrl_dataset4b.csv')],
      spec: ([a, b]) => ({
        sources: [
          { name: 'a', table: a!, ...febrl4 },
          { name: 'b', table: b!, ...febrl4 },
        ],
        linkType: 'linkOnly',
      }),
      kuraKeySql: 'i.source_id',
      // rec-<N>-org in 4a and rec-<N>-dup-0 in 4b are the same person.
      truth: async () =>
        new Map(
          ['febrl_dataset4a.csv', 'febrl_dataset4b.csv'].flatMap((file) =>
            readFileSync(join(erDir, file), 'utf8')
              .split(/\r?\n/)
              .slice(1)
              .filter((line) => line.trim() !== '')
              .map((line) => {
                const id = line.split(',')[0]!.trim();
                return [id, /rec-(\d+)/.exec(id)![1]!] as const;
              }),
          ),
        ),
      splink: { set: 'febrl4', data: erDir },
    };
    yield {
      name: 'fake_1000',
      files: [er('splink_fake_1000.csv')],
      spec: ([table]) => ({
        sources: [{ name: 'f', table: table!, ...fake1000 }],
      }),
      kuraKeySql: '(SELECT t.unique_id::VARCHAR FROM (SELECT rowid + 1 AS row, unique_id FROM splink_fake_1000) t WHERE t.row = i.row)',
      truth: async () =>
        new Map(
          readColumns(readFileSync(join(erDir, 'splink_fake_1000.csv'), 'utf8'), ['unique_id', 'cluster']).map(([id, cluster]) => [
            id!,
            cluster!,
          ]),
        ),
      splink: { set: 'fake_1000', data: erDir },
    };
    const historical = 'splink_historical_figures_with_errors_50k';
    yield {
      name: 'historical_50k',
      files: [er(`${historical}.parquet`)],
      spec: ([table]) => ({
        sources: [{ name: 'h', table: table!, ...historical50k }],
      }),
      kuraKeySql: `(SELECT t.unique_id::VARCHAR FROM (SELECT rowid + 1 AS row, unique_id FROM ${historical}) t WHERE t.row = i.row)`,
      truth: async (engine) =>
        new Map(
          tableFromIPC(await engine.query(`SELECT unique_id::VARCHAR AS id, cluster::VARCHAR AS cluster FROM ${historical}`))
            .toArray()
            .map((row) => [String(row.id), String(row.cluster)]),
        ),
      splink: { set: 'historical_50k', data: erDir },
    };
  }
  for (const people of peopleScales) {
    const set = generatePeopleSet(people, 2001);
    const dir = mkdtempSync(join(tmpdir(), 'kura-splink-people-'));
    for (const file of set.files) writeFileSync(join(dir, file.name), file.bytes);
    const name = `people ${people.toLocaleString()}`;
    yield {
      name,
      files: set.files,
      spec: (tables) => ({ sources: tables.map((table) => ({ name: table, table })), reviewPairs: 0 }),
      kuraKeySql: `i.source || ':' || i.row`,
      truth: async () => new Map(set.truth.map((row) => [`${row.source}:${row.row}`, row.personId])),
      splink: { set: 'people', data: dir },
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
}

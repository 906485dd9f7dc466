/**
 * Why true pairs of the people set (test/data/people) are missed: matches one set natively, then for every true
 * pair whose records end in different clusters says whether it was never a candidate (no blocking rule put the two
 * side by side), a candidate below the threshold, or above it but split by clustering, and what the two records
 * share (e-mail, phone, birth date, address, postal code, company, name / reading / kanji against a reading).
 * It also bounds the recall any matcher could reach from these fields: true pairs whose records are not joined,
 * even through other records of the same person, by a shared identifier or an equal name or reading.
 *
 *   npx tsx test/bench/identity-misses.ts [--people 3000] [--seed 1001] [--examples 0]
 *
 * More, each by its environment variable (N: how many examples): KURA_MISSES_BELOW=N (kanji against a reading below
 * the threshold), KURA_MISSES_EMAIL=N (below the threshold with one e-mail), KURA_MISSES_FALSE=N (false links),
 * KURA_MISSES_EXACT=N (exact names below the threshold), KURA_MISSES_BANDS=1 (share true by weight band),
 * KURA_MISSES_CALIB=1 (exact names by their tf), KURA_MISSES_MODEL=1 (the trained m, u and prior against the truth).
 *
 * Tune on seeds 1000–1999 only; never read seed ≥ 2000's misses.
 */
import { parseArgs } from 'node:util';
import { tableFromIPC } from 'apache-arrow';
import { NativeEngine } from '../../src/engine/native.ts';
import { comparePairsSql } from '../../src/identity/compare/compare.ts';
import { matchWeightSql } from '../../src/identity/fellegi-sunter/fellegi-sunter.ts';
import { identityMatch, storedModel } from '../../src/identity/job.ts';
import { estimatePairsSql, impliedPairsSql, impliedPairsTable } from '../../src/identity/result/estimate.ts';
import { loadFile } from '../../src/ingest/load.ts';
import { quietJobContext } from '../../src/jobs/job.ts';
import { generatePeopleSet, truthCsv } from '../data/people/generate.ts';
import { loadPeopleTables } from './people-tables.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '3000' },
    seed: { type: 'string', default: '1001' },
    examples: { type: 'string', default: '0' },
  },
});
const seed = Number(values.seed);
if (seed >= 2000) throw new Error('seeds ≥ 2000 are for reporting: their misses are not looked at');
const set = generatePeopleSet(Number(values.people), seed);
const engine = await NativeEngine.create();
const names = await loadPeopleTables(engine, set);
const started = performance.now();
const result = await identityMatch(
  engine,
  {
    sources: names.map((name) => ({ name, table: name })),
    reviewPairs: 0,
    ...(process.env.KURA_MISSES_THRESHOLD ? { threshold: Number(process.env.KURA_MISSES_THRESHOLD) } : {}),
  },
  quietJobContext(),
);
const seconds = (performance.now() - started) / 1000;
await loadFile(engine, { fileName: 'truth.csv', bytes: new TextEncoder().encode(truthCsv(set)), table: 'bench_truth' });
const rows = async (sql: string) =>
  tableFromIPC(await engine.query(sql))
    .toArray()
    .map((r) => r.toJSON() as Record<string, unknown>);
const thresholdWeight = Math.log2(result.threshold / (1 - result.threshold));

await engine.exec(`
CREATE TEMP TABLE t AS SELECT i.*, c.cluster_id, b.person_id FROM identity_input i JOIN identity_clusters c USING (unique_id)
  JOIN bench_truth b ON b.source = i.source AND b.row = i.row;
CREATE TEMP TABLE tp AS
SELECT l.unique_id AS ul, r.unique_id AS ur, l.cluster_id = r.cluster_id AS found, p.match_weight, p.rule,
  p.match_weight IS NOT NULL AS candidate,
  l.email_canonical = r.email_canonical AS same_email,
  (l.phone = r.phone OR l.phone = r.mobile OR l.mobile = r.phone OR l.mobile = r.mobile) AS same_phone,
  l.birth_date = r.birth_date AS same_birth,
  l.address_key = r.address_key AS same_address,
  l.postal = r.postal AS same_postal,
  l.company_core = r.company_core AS same_company,
  l.email_personal <> r.email_personal AS channel_differs,
  CASE WHEN l.name_key IS NULL OR r.name_key IS NULL THEN 'missing'
    WHEN l.name_key = r.name_key OR l.name_key = r.name_swapped THEN 'same'
    WHEN l.name_romaji_swapped = r.name_romaji_swapped THEN 'same reading'
    WHEN (l.name_form = 'kanji' AND r.name_form = 'romaji') OR (l.name_form = 'romaji' AND r.name_form = 'kanji') THEN
      CASE WHEN l.family_key = r.family_key OR l.given_key = r.given_key THEN 'kanji vs reading, one part same' ELSE 'kanji vs reading' END
    WHEN l.given_key = r.given_key OR l.given_romaji = r.given_romaji THEN 'same given, other family'
    WHEN l.family_key = r.family_key OR l.family_romaji = r.family_romaji THEN 'same family, other given'
    WHEN l.name_ascii IS NOT NULL AND r.name_ascii IS NOT NULL AND jaro_winkler_similarity(l.name_ascii, r.name_ascii) >= 0.85 THEN 'similar (jw ≥ 0.85)'
    ELSE 'different' END AS names,
  l.name AS name_l, r.name AS name_r, l.email AS email_l, r.email AS email_r, l.source AS source_l, r.source AS source_r
FROM t l JOIN t r ON l.person_id = r.person_id AND l.unique_id < r.unique_id
LEFT JOIN identity_pairs p ON p.unique_id_l = least(l.unique_id, r.unique_id) AND p.unique_id_r = greatest(l.unique_id, r.unique_id);`);

const [total] = await rows(
  `SELECT count(*) AS pairs, count(*) FILTER (WHERE found) AS found, count(*) FILTER (WHERE candidate) AS candidates FROM tp`,
);
const pairs = Number(total!.pairs);
const [predicted] = await rows(`SELECT sum(n * (n - 1) / 2) AS p FROM (SELECT count(*) AS n FROM identity_clusters GROUP BY cluster_id)`);
const precision = Number(total!.found) / Number(predicted!.p);
const recall = Number(total!.found) / pairs;
const pct = (n: number) => `${((100 * n) / pairs).toFixed(1)}%`;
console.log(
  `people ${values.people}, seed ${seed}: ${set.truth.length} records, ${pairs} true pairs, ${Number(total!.found)} found: precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}, F1 ${((2 * precision * recall) / (precision + recall)).toFixed(4)}, ${Number(total!.candidates)} candidates; match ${seconds.toFixed(1)} s, threshold weight ${thresholdWeight.toFixed(2)}; the model's estimate P ${result.estimate.precision.toFixed(3)} R ${result.estimate.recall.toFixed(3)}`,
);

console.log('\n## Missed true pairs by cause\n');
for (const r of await rows(`
  SELECT CASE WHEN NOT candidate THEN 'never a candidate' WHEN match_weight < ${thresholdWeight} THEN 'candidate below the threshold' ELSE 'above the threshold, split by clustering' END AS cause,
    count(*) AS n FROM tp WHERE NOT found GROUP BY 1 ORDER BY n DESC`))
  console.log(`- ${r.cause}: ${Number(r.n)} (${pct(Number(r.n))} of true pairs)`);

const identifier = `coalesce(same_email, false) OR coalesce(same_phone, false) OR coalesce(same_birth, false) OR coalesce(same_address, false) OR coalesce(same_postal, false) OR coalesce(same_company, false)`;
console.log('\n## Missed pairs: what the two records share (cause × names × shared identifiers)\n');
console.log('| cause | names | e-mail | phone | birth | address | postal | company | channel differs | pairs |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
const b = (v: unknown) => (v === null ? '·' : v ? 'Y' : 'n');
for (const r of await rows(`
  SELECT CASE WHEN NOT candidate THEN 'none' WHEN match_weight < ${thresholdWeight} THEN 'below' ELSE 'split' END AS cause, names,
    same_email, same_phone, same_birth, same_address, same_postal, same_company, channel_differs, count(*) AS n
  FROM tp WHERE NOT found GROUP BY ALL ORDER BY n DESC LIMIT 40`))
  console.log(
    `| ${r.cause} | ${r.names} | ${b(r.same_email)} | ${b(r.same_phone)} | ${b(r.same_birth)} | ${b(r.same_address)} | ${b(r.same_postal)} | ${b(r.same_company)} | ${b(r.channel_differs)} | ${Number(r.n)} |`,
  );

console.log('\n## Missed pairs by names alone\n');
for (const r of await rows(
  `SELECT names, count(*) AS n, count(*) FILTER (WHERE ${identifier}) AS with_id, count(*) FILTER (WHERE candidate) AS cand FROM tp WHERE NOT found GROUP BY 1 ORDER BY n DESC`,
))
  console.log(`- ${r.names}: ${Number(r.n)} (sharing an identifier ${Number(r.with_id)}, candidates ${Number(r.cand)})`);

// The bound: records of one person joined by a shared identifier or an equal name / reading, transitively.
const strong = `(${identifier} OR names IN ('same', 'same reading'))`;
const [loose] = await rows(`SELECT count(*) FILTER (WHERE NOT found AND NOT (${identifier}) AND names NOT IN ('same', 'same reading')) AS n,
   count(*) FILTER (WHERE NOT found AND NOT (${identifier}) AND names IN ('different', 'same given, other family', 'same family, other given')) AS nd FROM tp`);
await engine.exec(`CREATE TEMP TABLE reach AS SELECT ul AS a, ur AS b FROM tp WHERE ${strong};`);
// Union-find in JS (3k–60k people: small).
const parent = new Map<number, number>();
const find = (x: number): number => {
  let p = parent.get(x) ?? x;
  while (p !== (parent.get(p) ?? p)) p = parent.get(p) ?? p;
  parent.set(x, p);
  return p;
};
for (const r of await rows(`SELECT a, b FROM reach`)) {
  const a = find(Number(r.a));
  const c = find(Number(r.b));
  if (a !== c) parent.set(Math.max(a, c), Math.min(a, c));
}
let unreachable = 0;
const missedRows = await rows(`SELECT ul, ur, found FROM tp`);
for (const r of missedRows) if (find(Number(r.ul)) !== find(Number(r.ur))) unreachable++;
console.log(`\n## Bound\n`);
console.log(
  `- missed pairs sharing no identifier (e-mail, phone, birth date, address, postal code, company) and no equal name or reading: ${Number(loose!.n)} (${pct(Number(loose!.n))}); of these with names that differ outright (not kanji against a reading): ${Number(loose!.nd)} (${pct(Number(loose!.nd))})`,
);
console.log(
  `- true pairs not joined even through other records of the person (no shared identifier or equal name/reading on any path): ${unreachable} (${pct(unreachable)}) → recall bound ${(1 - unreachable / pairs).toFixed(4)}`,
);

const examples = Number(values.examples);
if (examples > 0) {
  console.log('\n## Examples of missed pairs\n');
  for (const r of await rows(`SELECT * FROM tp WHERE NOT found ORDER BY hash(ul * 7919 + ur) LIMIT ${examples}`))
    console.log(
      `${r.candidate ? `w ${Number(r.match_weight).toFixed(2)} ${r.rule}` : 'not a candidate'} | ${r.names} | ${r.source_l}: ${r.name_l} <${r.email_l}> | ${r.source_r}: ${r.name_r} <${r.email_r}> | e${b(r.same_email)} p${b(r.same_phone)} b${b(r.same_birth)} a${b(r.same_address)} z${b(r.same_postal)} c${b(r.same_company)}`,
    );
}

if (process.env.KURA_MISSES_BELOW) {
  // Missed true pairs below the threshold whose names are in two scripts (a kanji name without its own reading against kana or romaji).
  console.log('\n## Missed pairs below the threshold, kanji without its own reading against a reading\n');
  for (const r of await rows(`
    SELECT l.name AS name_l, r.name AS name_r, l.family_romaji || '/' || coalesce(l.given_romaji, '?') AS rl, r.family_romaji || '/' || coalesce(r.given_romaji, '?') AS rr, l.name_form AS fl, r.name_form AS fr, p.match_weight, p.gamma_name, p.gamma_email, p.gamma_phone, p.gamma_birth_date, p.gamma_company, p.gamma_address
    FROM identity_pairs p JOIN t l ON l.unique_id = p.unique_id_l JOIN t r ON r.unique_id = p.unique_id_r
    WHERE l.person_id = r.person_id AND p.match_weight < ${thresholdWeight} AND l.name_form IS DISTINCT FROM r.name_form AND 'kanji' IN (l.name_form, r.name_form)
    ORDER BY hash(p.unique_id_l * 7919 + p.unique_id_r) LIMIT ${Number(process.env.KURA_MISSES_BELOW)}`))
    console.log(
      `${Number(r.match_weight).toFixed(2)} | ${r.name_l} / ${r.name_r} | ${r.rl} / ${r.rr} | ${r.fl}/${r.fr} | n${r.gamma_name} e${r.gamma_email} p${r.gamma_phone} b${r.gamma_birth_date} c${r.gamma_company} a${r.gamma_address}`,
    );
}

if (process.env.KURA_MISSES_EMAIL) {
  console.log('\n## Missed pairs below the threshold that share an e-mail\n');
  for (const r of await rows(`
    SELECT l.name AS name_l, r.name AS name_r, l.email_canonical AS el, r.email_canonical AS er, l.email_personal AS pl, r.email_personal AS pr, l.n__email_canonical AS ne, p.match_weight, p.gamma_name, p.gamma_email, p.gamma_phone, p.gamma_birth_date, p.gamma_company, p.gamma_address, p.tf_email
    FROM identity_pairs p JOIN t l ON l.unique_id = p.unique_id_l JOIN t r ON r.unique_id = p.unique_id_r
    WHERE l.person_id = r.person_id AND p.match_weight < ${thresholdWeight} AND l.email_canonical = r.email_canonical
    ORDER BY hash(p.unique_id_l * 7919 + p.unique_id_r) LIMIT ${Number(process.env.KURA_MISSES_EMAIL)}`))
    console.log(
      `${Number(r.match_weight).toFixed(2)} | ${r.name_l} / ${r.name_r} | ${r.el} (${r.ne} records) ${r.pl}/${r.pr} | n${r.gamma_name} e${r.gamma_email} p${r.gamma_phone} b${r.gamma_birth_date} c${r.gamma_company} a${r.gamma_address} tf ${Number(r.tf_email).toExponential(1)}`,
    );
}

if (process.env.KURA_MISSES_FALSE) {
  // False links: candidate pairs at or above the threshold between different people.
  console.log('\n## False links (pairs above the threshold, different people)\n');
  for (const r of await rows(`
    SELECT l.name AS name_l, r.name AS name_r, l.name_romaji_swapped AS rl, r.name_romaji_swapped AS rr, l.name_form AS fl, r.name_form AS fr, p.match_weight, p.gamma_name, p.gamma_email, p.gamma_phone, p.gamma_birth_date, p.gamma_company, p.gamma_address, p.tf_name, l.n__name_key AS nn
    FROM identity_pairs p JOIN t l ON l.unique_id = p.unique_id_l JOIN t r ON r.unique_id = p.unique_id_r
    WHERE l.person_id <> r.person_id AND p.match_weight >= ${thresholdWeight} ORDER BY hash(p.unique_id_l * 7919 + p.unique_id_r) LIMIT ${Number(process.env.KURA_MISSES_FALSE)}`))
    console.log(
      `${Number(r.match_weight).toFixed(2)} | ${r.name_l} / ${r.name_r} | ${r.rl} / ${r.rr} | ${r.fl}/${r.fr} | n${r.gamma_name} e${r.gamma_email} p${r.gamma_phone} b${r.gamma_birth_date} c${r.gamma_company} a${r.gamma_address} tf ${Number(r.tf_name).toExponential(1)} n ${r.nn}`,
    );
  const [n] = await rows(
    `SELECT count(*) AS n FROM identity_pairs p JOIN t l ON l.unique_id = p.unique_id_l JOIN t r ON r.unique_id = p.unique_id_r WHERE l.person_id <> r.person_id AND p.match_weight >= ${thresholdWeight}`,
  );
  console.log(`false links: ${Number(n!.n)}`);
  console.log("\n## False pairs inside clusters by their direct link: none (chained), or the link's gamma pattern\n");
  for (const r of await rows(`
    SELECT CASE WHEN p.unique_id_l IS NULL THEN 'no candidate pair' WHEN p.match_weight >= ${thresholdWeight} THEN 'linked ' || concat_ws(' ', 'n' || p.gamma_name, 'e' || p.gamma_email, 'p' || p.gamma_phone, 'a' || p.gamma_address)
      ELSE 'below threshold' END AS how, count(*) AS n
    FROM t l JOIN t r ON l.cluster_id = r.cluster_id AND l.unique_id < r.unique_id AND l.person_id <> r.person_id
    LEFT JOIN identity_pairs p ON p.unique_id_l = l.unique_id AND p.unique_id_r = r.unique_id GROUP BY 1 ORDER BY n DESC LIMIT 15`))
    console.log(`- ${r.how}: ${Number(r.n)}`);
  for (const r of await rows(
    `SELECT n_people, count(*) AS clusters, sum(n * (n - 1) / 2) AS pairs FROM (SELECT cluster_id, count(*) AS n, count(DISTINCT person_id) AS n_people FROM t GROUP BY 1) WHERE n_people > 1 GROUP BY 1 ORDER BY 1 LIMIT 10`,
  ))
    console.log(`clusters holding ${Number(r.n_people)} people: ${Number(r.clusters)} (${Number(r.pairs)} pairs)`);
}

if (process.env.KURA_MISSES_BANDS) {
  console.log('\n## Candidate pairs by weight band and name level: share true, and whether already in one cluster\n');
  for (const r of await rows(`
    SELECT floor(p.match_weight) AS band, p.gamma_name, count(*) AS n, count(*) FILTER (WHERE l.person_id = r.person_id) AS same,
      count(*) FILTER (WHERE l.cluster_id = r.cluster_id) AS together,
      count(*) FILTER (WHERE l.person_id = r.person_id AND l.cluster_id <> r.cluster_id) AS missed
    FROM identity_pairs p JOIN t l ON l.unique_id = p.unique_id_l JOIN t r ON r.unique_id = p.unique_id_r
    WHERE p.match_weight BETWEEN -3 AND ${thresholdWeight} GROUP BY ALL HAVING count(*) >= 10 ORDER BY band DESC, n DESC`))
    console.log(
      `band ${Number(r.band)} name ${r.gamma_name}: ${Number(r.n)} pairs, ${Number(r.same)} true (${((100 * Number(r.same)) / Number(r.n)).toFixed(0)}%), ${Number(r.together)} together, ${Number(r.missed)} true apart`,
    );
}

if (process.env.KURA_MISSES_CALIB) {
  console.log('\n## Exact-name candidate pairs by the name tf (expected records with that name = tf × records): share true\n');
  for (const r of await rows(`
    SELECT floor(log2(p.tf_name * (SELECT count(*) FROM identity_input))) AS band, l.n__name_key AS n, count(*) AS pairs, count(*) FILTER (WHERE l.person_id = r.person_id) AS same,
      count(*) FILTER (WHERE p.gamma_email <> 0 AND p.gamma_phone <> 0 AND coalesce(p.gamma_birth_date, -1) <> 0) AS name_only,
      count(*) FILTER (WHERE l.person_id = r.person_id AND p.gamma_email <> 0 AND p.gamma_phone <> 0 AND coalesce(p.gamma_birth_date, -1) <> 0) AS name_only_same
    FROM identity_pairs p JOIN t l ON l.unique_id = p.unique_id_l JOIN t r ON r.unique_id = p.unique_id_r
    WHERE p.gamma_name = 0 GROUP BY ALL HAVING count(*) >= 20 ORDER BY band, n`))
    console.log(
      `expected 2^${Number(r.band)}, records with the name ${Number(r.n)}: ${Number(r.pairs)} pairs, ${((100 * Number(r.same)) / Number(r.pairs)).toFixed(0)}% true; name only ${Number(r.name_only)}, ${((100 * Number(r.name_only_same)) / Math.max(1, Number(r.name_only))).toFixed(0)}% true`,
    );
}

if (process.env.KURA_MISSES_EXACT) {
  // Exact-name candidate pairs below the threshold: their gammas and the name's tf (for the weight's parts).
  console.log('\n## Exact-name pairs below the threshold\n');
  for (const r of await rows(`
    SELECT l.person_id = r.person_id AS same, l.name AS name_l, r.name AS name_r, p.match_weight, p.tf_name, l.n__name_key AS nn, p.gamma_email, p.gamma_phone, p.gamma_birth_date, p.gamma_company, p.gamma_address, l.source AS sl, r.source AS sr
    FROM identity_pairs p JOIN t l ON l.unique_id = p.unique_id_l JOIN t r ON r.unique_id = p.unique_id_r
    WHERE p.gamma_name = 0 AND p.match_weight < ${thresholdWeight} ORDER BY hash(p.unique_id_l * 7919 + p.unique_id_r) LIMIT ${Number(process.env.KURA_MISSES_EXACT)}`))
    console.log(
      `${r.same ? 'T' : 'F'} ${Number(r.match_weight).toFixed(2)} | ${r.name_l} / ${r.name_r} (${r.nn} records, tf ${Number(r.tf_name).toExponential(1)}) | ${r.sl}/${r.sr} | e${r.gamma_email} p${r.gamma_phone} b${r.gamma_birth_date} c${r.gamma_company} a${r.gamma_address}`,
    );
}

if (process.env.KURA_MISSES_MODEL) {
  // The trained model: the prior, the true share of candidate pairs, and each level's m, u and weight (bits), with
  // the share of true pairs and of all candidate pairs at that level.
  const { trained } = JSON.parse(String((await rows('SELECT model FROM identity_model'))[0]!.model)) as {
    trained: {
      priorWeight: number;
      candidateMatchShare: number;
      comparisons: { name: string; levels: { label: string; m: number; u: number }[] }[];
    };
  };
  const [truth] = await rows(
    `SELECT count(*) AS n, count(*) FILTER (WHERE true) AS all_pairs, count(*) FILTER (WHERE l.person_id = r.person_id) AS same FROM identity_pairs p JOIN t l ON l.unique_id = p.unique_id_l JOIN t r ON r.unique_id = p.unique_id_r`,
  );
  console.log(
    `\n## Model: prior weight ${trained.priorWeight.toFixed(2)}, candidate match share ${trained.candidateMatchShare.toFixed(3)} (true ${(Number(truth!.same) / Number(truth!.n)).toFixed(3)})\n`,
  );
  for (const comparison of trained.comparisons) {
    const counts =
      await rows(`SELECT p.gamma_${comparison.name} AS g, count(*) FILTER (WHERE l.person_id = r.person_id) AS same, count(*) AS n
      FROM identity_pairs p JOIN t l ON l.unique_id = p.unique_id_l JOIN t r ON r.unique_id = p.unique_id_r GROUP BY 1`);
    const totalSame = counts.filter((c) => Number(c.g) >= 0).reduce((sum, c) => sum + Number(c.same), 0);
    comparison.levels.forEach((level, k) => {
      const c = counts.find((row) => Number(row.g) === k);
      const trueM = c ? Number(c.same) / totalSame : 0;
      console.log(
        `${comparison.name} ${k} ${level.label}: m ${level.m.toFixed(4)} (among true candidate pairs ${trueM.toFixed(4)}: weight ${Math.log2(trueM / level.u).toFixed(2)}), u ${level.u.toExponential(2)}, weight ${Math.log2(level.m / level.u).toFixed(2)}; ${c ? Number(c.n) : 0} candidates`,
      );
    });
  }
}
if (process.env.KURA_MISSES_ESTIMATE) {
  // The estimate's pairs (those the clusters imply, and candidates apart) by population and weight band: how many,
  // the matches the model expects and the true ones.
  const { model, trained } = await storedModel(engine);
  await engine.exec(impliedPairsSql('identity_clusters'));
  await engine.exec(comparePairsSql('identity_input', impliedPairsTable, 'zz_implied_compared', model.comparisons, ['represents']));
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE zz_implied_scored AS SELECT p.unique_id_l, p.unique_id_r, p.represents, ${matchWeightSql(trained)} AS match_weight FROM zz_implied_compared p`,
  );
  await engine.exec(estimatePairsSql('zz_implied_scored', 'identity_pairs', 'identity_clusters'));
  console.log("\n## The estimate's pairs by population and band: pairs, expected matches, true matches\n");
  for (const r of await rows(`SELECT population, least(greatest(floor(match_weight / 5) * 5, -10), 25) AS band, sum(represents) AS pairs,
      sum(represents / (1 + pow(2, -match_weight))) AS expected, sum(represents * (l.person_id = r.person_id)::INTEGER) AS truly
    FROM identity_estimate_pairs e JOIN t l ON l.unique_id = e.unique_id_l JOIN t r ON r.unique_id = e.unique_id_r GROUP BY ALL ORDER BY 1, 2`))
    console.log(
      `${r.population} ${Number(r.band)}: ${Number(r.pairs).toFixed(0)} pairs, expected ${Number(r.expected).toFixed(1)}, true ${Number(r.truly).toFixed(0)}`,
    );
}
await engine.close();

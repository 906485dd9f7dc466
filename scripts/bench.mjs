// `npm run bench`: install what is missing, build, then run the benchmarks (test/bench/run.ts).
import { build, ensureChromium, ensureDependencies, run } from './setup.mjs';

ensureDependencies();
if (!ensureChromium()) process.exit(1);
build();
run('npx tsx test/bench/run.ts');

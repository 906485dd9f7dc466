import { NativeEngine } from '../src/engine/native.ts';
const slow = Number(process.env.SLOW_MS ?? 400);
for (const method of ['exec', 'query'] as const) {
  const original = NativeEngine.prototype[method] as (this: NativeEngine, ...args: unknown[]) => Promise<unknown>;
  (NativeEngine.prototype as unknown as Record<string, unknown>)[method] = async function (this: NativeEngine, ...args: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      const ms = performance.now() - started;
      if (ms > slow) process.stderr.write(`[${(ms / 1000).toFixed(2)} s] ${String(args[0]).replace(/\s+/g, ' ').slice(0, 160)}\n`);
    }
  };
}
await import('../src/cli/main.ts');

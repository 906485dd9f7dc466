import type { Engine } from '../../src/engine/engine.ts';
import { NativeEngine } from '../../src/engine/native.ts';
import { createWasmNodeEngine } from './wasm-node-engine.ts';

/** Every Engine implementation that runs in Node; engine tests run against each. */
export const engineFactories: { name: string; create: () => Promise<Engine> }[] = [
  { name: 'native', create: () => NativeEngine.create() },
  { name: 'wasm', create: () => createWasmNodeEngine() },
];

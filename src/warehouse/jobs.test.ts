import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellKinds } from '../cells/kinds.ts';
import { jobs, sharedJobs } from './jobs.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** The names the modules add to JobCatalogue (`declare module … { interface JobCatalogue { name: typeof job; } }`). */
function catalogueNames(): string[] {
  return sourceFiles('src').flatMap((path) => {
    const block = /interface JobCatalogue \{([^}]*)\}/.exec(readFileSync(path, 'utf8'))?.[1] ?? '';
    return [...block.matchAll(/^\s*(\w+):/gm)].map((match) => match[1]!);
  });
}

describe('the job registry', () => {
  it('has a job for every name of the JobCatalogue, and nothing else', () => {
    expect(Object.keys(jobs).sort()).toEqual(catalogueNames().sort());
  });

  it('takes each name from one place only: a kind or the shared jobs', () => {
    const names = [...cellKinds.flatMap((kind) => Object.keys(('jobs' in kind && kind.jobs) || {})), ...Object.keys(sharedJobs)];
    expect(names.length).toBe(new Set(names).size);
    expect(new Set(names)).toEqual(new Set(Object.keys(jobs)));
  });
});

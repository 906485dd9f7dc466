import type { Engine } from '../engine/engine.ts';
import { KuraError } from '../engine/engine.ts';
import { quietJobContext, type Job, type JobEngine, type JobName, type JobResult, type JobSpec } from '../jobs/job.ts';
import { jobs } from './jobs.ts';

/** Runs jobs in this thread against `engine` (the command line, tests). */
export function withLocalJobs(engine: Engine, signal?: AbortSignal): JobEngine {
  const runJob = async <Name extends JobName>(name: Name, spec: JobSpec<Name>): Promise<JobResult<Name>> => {
    const job = jobs[name] as unknown as Job<JobSpec<Name>, JobResult<Name>> | undefined;
    if (!job) throw new KuraError(`This version of Kura cannot run "${String(name)}".`, 'unknown-job');
    return job(engine, spec, quietJobContext(signal));
  };
  return {
    query: (sql, params) => engine.query(sql, params),
    exec: (sql) => engine.exec(sql),
    insertArrow: (table, ipc, options) => engine.insertArrow(table, ipc, options),
    registerFile: (name, bytes) => engine.registerFile(name, bytes),
    dropFile: (name) => engine.dropFile(name),
    exportQuery: (sql, format) => engine.exportQuery(sql, format),
    setProgressListener: (listener) => engine.setProgressListener(listener),
    cancel: () => engine.cancel(),
    close: () => engine.close(),
    runJob,
  };
}

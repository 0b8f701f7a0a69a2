/**
 * A small pool of election workers. Works both from compiled JavaScript and from the
 * TypeScript sources (tests, `tsx`), where workers are started with the tsx loader.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './protocol.js';

/** WorkerRequest minus its id, kept as a union. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

type Task = {
  msg: WorkerRequest;
  onProgress: (n: number) => void;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
};

/** Default worker count: one per available core. */
export async function defaultWorkerCount(): Promise<number> {
  const os = await import('node:os');
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Start a worker whose module sits next to `base` as `<name>.js` (compiled) or `<name>.ts` (sources).
 * From the TypeScript sources (tests, `tsx`) the worker is bootstrapped through tsx's loader API with
 * the `source` export condition, because Node 20 does not apply `--import` hooks to a worker's entry
 * module. Used by this package's pool and by the server's ballot verification pool.
 */
export function startModuleWorker(base: string, name: string, options: WorkerOptions = {}): Worker {
  if (!base.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, base), options);
  const entry = new URL(`./${name}.ts`, base).href;
  // The ESM build of tsx's API (its CommonJS build cannot register hooks from a worker).
  const api =
    typeof import.meta.resolve === 'function'
      ? import.meta.resolve('tsx/esm/api')
      : pathToFileURL(
          createRequire(import.meta.url)
            .resolve('tsx/esm/api')
            .replace(/\.cjs$/, '.mjs'),
        ).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const execArgv = process.execArgv.some((a) => a.startsWith('--conditions'))
    ? process.execArgv
    : [...process.execArgv, '--conditions=source'];
  return new Worker(boot, { ...options, eval: true, execArgv });
}

const startWorker = () => startModuleWorker(import.meta.url, 'worker');

/** A fixed set of workers taking tasks in order. */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Task[] = [];
  private readonly running = new Map<number, Task>();
  private readonly workers: Worker[] = [];
  private nextId = 1;

  constructor(size: number) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const w = startWorker();
      w.on('message', (m: WorkerResponse) => this.onMessage(w, m));
      w.on('error', (err) => this.failAll(err));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** Run one task; resolves with the worker's result. */
  run<R>(msg: WithoutId<WorkerRequest>, onProgress: (n: number) => void = () => {}): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const full = { ...msg, id: this.nextId++ } as WorkerRequest;
      this.queue.push({ msg: full, onProgress, resolve: resolve as (r: unknown) => void, reject });
      this.pump();
    });
  }

  /** Drop queued tasks that have not started (their promises never settle). */
  clearQueue(): void {
    this.queue.length = 0;
  }

  /** Stop every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.running.set(task.msg.id, task);
      w.postMessage(task.msg);
    }
  }

  private onMessage(w: Worker, m: WorkerResponse): void {
    const task = this.running.get(m.id);
    if (!task) return;
    if (m.type === 'progress') {
      task.onProgress(m.n);
      return;
    }
    this.running.delete(m.id);
    this.idle.push(w);
    if (m.type === 'done') task.resolve(m.result);
    else task.reject(new Error(`worker failed: ${m.message}`));
    this.pump();
  }

  private failAll(err: Error): void {
    for (const t of this.running.values()) t.reject(err);
    for (const t of this.queue) t.reject(err);
    this.running.clear();
    this.queue.length = 0;
  }
}

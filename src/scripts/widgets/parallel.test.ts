/**
 * The parallel widget's measurement against scripted fake interpreters: the order of the phases, what is counted,
 * the speedup, errors in a worker, a worker that cannot load, the time budget, cancelling, and that every
 * interpreter is disposed whatever happens.
 */
import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../python/client';
import {
	defaultWorkers,
	measureParallel,
	ParallelError,
	runTime,
	type ParallelClient,
} from './parallel';

/** A fake clock advanced by the fakes, so wall times are exact. */
class Clock {
	t = 0;
	now = () => this.t;
}

interface Script {
	load?: () => Promise<unknown>;
	/** Outcome of the k-th run of this worker (0-based), taking `ms` on the fake clock. */
	run?: (k: number) => { outcome: RunOutcome; ms: number };
}

class FakeClient implements ParallelClient {
	runs = 0;
	disposed = 0;
	requests: Parameters<ParallelClient['run']>[0][] = [];
	log: string[];
	#pending: ((outcome: RunOutcome) => void)[] = [];
	constructor(
		readonly index: number,
		readonly clock: Clock,
		readonly script: Script,
		log: string[]
	) {
		this.log = log;
	}
	start(): Promise<unknown> {
		return this.script.load?.() ?? Promise.resolve();
	}
	run(request: Parameters<ParallelClient['run']>[0]): { done: Promise<RunOutcome> } {
		this.requests.push(request);
		const k = this.runs++;
		this.log.push(`w${this.index + 1} run ${k + 1}`);
		const planned = this.script.run?.(k) ?? { outcome: ok(100), ms: 100 };
		// A run ends `ms` after it was sent: runs sent together overlap on the clock, runs in a row add up.
		const sent = this.clock.t;
		const done = new Promise<RunOutcome>((resolve) => {
			this.#pending.push(resolve);
			setTimeout(() => {
				this.clock.t = Math.max(this.clock.t, sent + planned.ms);
				resolve(planned.outcome);
			}, 0);
		});
		return { done };
	}
	dispose(message = 'shut down'): void {
		this.disposed += 1;
		for (const resolve of this.#pending)
			resolve({ status: 'restarted', cause: 'stop', message, durationMs: 0 });
		this.#pending = [];
	}
}

function ok(durationMs: number): RunOutcome {
	return { status: 'ok', durationMs, truncated: false };
}

function setup(n: number, scripts: Script[] = []) {
	const clock = new Clock();
	const log: string[] = [];
	const clients: FakeClient[] = [];
	const options = {
		code: 'x = sum(range(10))',
		filename: '<cell 1>',
		workers: n,
		hardwareConcurrency: 2,
		runBudgetMs: 10_000,
		loadBudgetMs: 5_000,
		now: clock.now,
		createClient: (i: number) => {
			const client = new FakeClient(i, clock, scripts[i] ?? {}, log);
			clients.push(client);
			return client;
		},
	};
	return { clock, log, clients, options };
}

describe('measureParallel', () => {
	it('loads, warms up every worker, runs N times in worker 1, then once in each worker at once', async () => {
		const { log, clients, options } = setup(3);
		const phases: string[] = [];
		const timing = await measureParallel({ ...options, onProgress: (p) => phases.push(p.phase) });
		expect(log).toEqual([
			'w1 run 1',
			'w2 run 1',
			'w3 run 1', // warm-up, together
			'w1 run 2',
			'w1 run 3',
			'w1 run 4', // sequential
			'w1 run 5',
			'w2 run 2',
			'w3 run 2', // parallel
		]);
		expect([...new Set(phases)]).toEqual(['loading', 'warmup', 'sequential', 'parallel']);
		expect(timing.workers).toBe(3);
		expect(timing.warmupMs).toEqual([100, 100, 100]);
		expect(timing.sequential.runsMs).toEqual([100, 100, 100]);
		expect(timing.parallel.runsMs).toEqual([100, 100, 100]);
		// On the fake clock 3 runs in a row take 300, and 3 at once take 100: a speedup of 3.
		expect(timing.sequential.wallMs).toBe(300);
		expect(timing.parallel.wallMs).toBe(100);
		expect(timing.speedup).toBe(3);
		expect(clients.every((c) => c.disposed >= 1)).toBe(true);
		// Every run is the cell's code, in a fresh namespace, under the run budget.
		expect(clients[1]?.requests[0]).toEqual({
			code: 'x = sum(range(10))',
			filename: '<cell 1>',
			namespace: 'fresh',
			outputLimit: 1000,
			timeoutMs: 10_000,
		});
	});

	it('reports an exception raised in a worker, and closes every worker', async () => {
		const { clients, options } = setup(2, [
			{},
			{
				run: () => ({
					outcome: {
						status: 'error',
						durationMs: 5,
						truncated: false,
						error: { type: 'ZeroDivisionError', message: 'division by zero', traceback: '' },
					},
					ms: 5,
				}),
			},
		]);
		await expect(measureParallel(options)).rejects.toThrow(
			'Your code raised ZeroDivisionError in worker 2: division by zero'
		);
		expect(clients.every((c) => c.disposed >= 1)).toBe(true);
	});

	it('reports a worker that cannot load Python', async () => {
		const { clients, options } = setup(2, [
			{},
			{ load: () => Promise.reject(new Error('Python could not load: 404')) },
		]);
		const error = await measureParallel(options).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ParallelError);
		expect((error as Error).message).toBe(
			'Worker 2 could not start Python: Python could not load: 404'
		);
		expect(clients.every((c) => c.disposed >= 1)).toBe(true);
	});

	it('gives up when the interpreters do not load within the budget', async () => {
		const { options } = setup(2, [{ load: () => new Promise(() => undefined) }]);
		await expect(measureParallel({ ...options, loadBudgetMs: 20 })).rejects.toThrow(
			'did not all load within'
		);
	});

	it('stops at a run over the time budget', async () => {
		const { options } = setup(2, [
			{
				run: (k) =>
					k === 1
						? {
								outcome: {
									status: 'interrupted',
									durationMs: 10_000,
									truncated: false,
									stoppedBy: 'timeout',
								},
								ms: 10_000,
							}
						: { outcome: ok(50), ms: 50 },
			},
		]);
		await expect(measureParallel(options)).rejects.toThrow(
			'A run in worker 1 went over the 10.0 s budget'
		);
	});

	it('cancels: the workers are disposed and the measurement ends as cancelled', async () => {
		const session = new AbortController();
		const { clients, options } = setup(2, [{ load: () => new Promise(() => undefined) }]);
		const measuring = measureParallel({ ...options, signal: session.signal });
		session.abort();
		await expect(measuring).rejects.toThrow('The timing was cancelled.');
		expect(clients.every((c) => c.disposed >= 1)).toBe(true);
	});
});

describe('parallel widget helpers', () => {
	it('chooses N from the browser: its cores, at most 4, at least 2', () => {
		expect([defaultWorkers(1), defaultWorkers(2), defaultWorkers(3), defaultWorkers(16)]).toEqual([
			2, 2, 3, 4,
		]);
		expect(defaultWorkers(undefined)).toBe(2);
		expect(defaultWorkers(null)).toBe(2);
	});

	it('turns a run outcome into its time or a message', () => {
		expect(runTime(ok(12.5), 1, 1000)).toBe(12.5);
		expect(runTime({ status: 'exit', durationMs: 3, truncated: false, exitCode: 0 }, 1, 1000)).toBe(
			3
		);
		expect(() =>
			runTime({ status: 'restarted', cause: 'timeout', message: '', durationMs: 1 }, 2, 1000)
		).toThrow('A run in worker 2 went over the 1.00 s budget');
		expect(() =>
			runTime(
				{ status: 'restarted', cause: 'fatal', message: 'stack overflow', durationMs: 1 },
				3,
				1000
			)
		).toThrow('Worker 3 stopped: stack overflow');
		expect(() =>
			runTime({ status: 'load-failed', message: 'no wasm', durationMs: 1 }, 1, 1000)
		).toThrow('Worker 1 could not start Python: no wasm');
	});
});

/**
 * The client's state machine against a scripted fake worker: the protocol from the page's side, Stop and its
 * escalation to a restart, fatal errors, load failures and retry, and input() through shared memory.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PythonClient, STOP_GRACE_MS, pyodideIndexURL, snapshotFolderURL } from './client';
import { INPUT_ANSWERED, INPUT_HEADER_BYTES, SIGINT, type Request, type WorkerMessage } from './protocol';

class FakeWorker {
	sent: Request[] = [];
	terminated = false;
	#listeners: Record<string, ((event: unknown) => void)[]> = {};
	postMessage(message: Request): void {
		this.sent.push(message);
	}
	addEventListener(type: string, listener: (event: unknown) => void): void {
		(this.#listeners[type] ??= []).push(listener);
	}
	terminate(): void {
		this.terminated = true;
	}
	emit(data: WorkerMessage): void {
		for (const listener of this.#listeners['message'] ?? []) listener({ data });
	}
	fail(message: string): void {
		for (const listener of this.#listeners['error'] ?? []) listener({ message });
	}
	last<T extends Request['type']>(type: T): Extract<Request, { type: T }> {
		const found = this.sent.filter((m) => m.type === type).at(-1);
		if (!found) throw new Error(`no ${type} message sent`);
		return found as Extract<Request, { type: T }>;
	}
}

let workers: FakeWorker[];
let client: PythonClient;

function newest(): FakeWorker {
	const worker = workers.at(-1);
	if (!worker) throw new Error('no worker');
	return worker;
}

async function ready(isolated = true): Promise<FakeWorker> {
	const worker = newest();
	worker.emit({ type: 'ready', id: worker.last('init').id, version: '314.0.7', isolated, startedFrom: 'snapshot', startMs: 300 });
	await client.start();
	return worker;
}

beforeEach(() => {
	workers = [];
	vi.stubGlobal('crossOriginIsolated', true);
	client = new PythonClient('http://site/pyodide/', () => {
		const worker = new FakeWorker();
		workers.push(worker);
		return worker as unknown as Worker;
	});
});

afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('snapshots', () => {
	it('sends the snapshot folder, and marks how Python started and the snapshot stored, for tests and the bench', async () => {
		const withSnapshot = new PythonClient(
			'http://site/pyodide/',
			() => {
				const worker = new FakeWorker();
				workers.push(worker);
				return worker as unknown as Worker;
			},
			snapshotFolderURL('/sub', 'http://site')
		);
		performance.clearMarks();
		const started = withSnapshot.start();
		const worker = newest();
		expect(worker.last('init').snapshotURL).toBe('http://site/sub/python-snapshot/');
		const info = { version: '314.0.7', isolated: true, startedFrom: 'fresh' as const, startMs: 2900, snapshotError: 'Error: corrupt' };
		worker.emit({ type: 'ready', id: worker.last('init').id, ...info });
		expect(await started).toEqual(info);
		expect(withSnapshot.info).toEqual(info);
		const marks = performance.getEntriesByName('python:ready') as PerformanceMark[];
		expect(marks.at(-1)?.detail).toEqual(info);
		worker.emit({ type: 'snapshot-stored', bytes: 31_000_000, ms: 400 });
		const stored = performance.getEntriesByName('python:snapshot-stored') as PerformanceMark[];
		expect(stored.at(-1)?.detail).toEqual({ bytes: 31_000_000, ms: 400 });
		withSnapshot.dispose();
	});
});

describe('PythonClient', () => {
	it('starts one worker lazily and sends init with shared buffers', async () => {
		expect(workers).toHaveLength(0);
		void client.start();
		void client.start();
		expect(workers).toHaveLength(1);
		const init = newest().last('init');
		expect(init.indexURL).toBe('http://site/pyodide/');
		expect(init.interrupt).toBeInstanceOf(SharedArrayBuffer);
		expect(init.input).toBeInstanceOf(SharedArrayBuffer);
		expect(init.snapshotURL).toBeNull(); // no snapshot folder given: always a fresh start, nothing stored
		await ready();
		expect(client.state).toBe('ready');
		expect(client.info).toEqual({ version: '314.0.7', isolated: true, startedFrom: 'snapshot', startMs: 300 });
	});

	it('runs code, streams output and resolves with the result', async () => {
		void client.start();
		const worker = await ready();
		const output: string[] = [];
		const handle = client.run({ code: 'print(1)' }, { onOutput: (parts) => output.push(...parts.map((p) => p.text)) });
		await Promise.resolve();
		const run = worker.last('run');
		expect(run).toMatchObject({ code: 'print(1)', namespace: 'fresh', outputLimit: 100_000, filename: '<cell>' });
		worker.emit({ type: 'output', id: run.id, parts: [{ stream: 'stdout', text: '1\n' }] });
		worker.emit({ type: 'done', id: run.id, result: { status: 'ok', durationMs: 3, truncated: false } });
		expect(await handle.done).toEqual({ status: 'ok', durationMs: 3, truncated: false });
		expect(output).toEqual(['1\n']);
	});

	it('stops with KeyboardInterrupt when the code listens', async () => {
		void client.start();
		const worker = await ready();
		const handle = client.run({ code: 'while True: pass' });
		await Promise.resolve();
		const run = worker.last('run');
		handle.stop();
		const interrupt = new Int32Array(worker.last('init').interrupt as SharedArrayBuffer);
		expect(interrupt[0]).toBe(SIGINT);
		worker.emit({ type: 'done', id: run.id, result: { status: 'interrupted', durationMs: 5, truncated: false } });
		expect(await handle.done).toMatchObject({ status: 'interrupted', stoppedBy: 'learner' });
		expect(worker.terminated).toBe(false);
	});

	it('restarts the interpreter when the code ignores Stop for a second', async () => {
		vi.useFakeTimers();
		void client.start();
		const worker = await ready();
		const restarts: string[] = [];
		client.onRestart((cause) => restarts.push(cause));
		const handle = client.run({ code: 'sum(range(10**11))' });
		await Promise.resolve();
		handle.stop();
		vi.advanceTimersByTime(STOP_GRACE_MS - 1);
		expect(worker.terminated).toBe(false);
		vi.advanceTimersByTime(1);
		expect(worker.terminated).toBe(true);
		expect(await handle.done).toMatchObject({ status: 'restarted', cause: 'stop' });
		expect(restarts).toEqual(['stop']);
		expect(workers).toHaveLength(2); // a fresh interpreter is already starting
	});

	it('restarts at once when the page is not cross-origin isolated', async () => {
		vi.stubGlobal('crossOriginIsolated', false);
		void client.start();
		expect(newest().last('init').interrupt).toBeNull();
		const worker = await ready(false);
		const handle = client.run({ code: 'while True: pass' });
		await Promise.resolve();
		handle.stop();
		expect(worker.terminated).toBe(true);
		expect(await handle.done).toMatchObject({ status: 'restarted', cause: 'stop' });
	});

	it('stops a run that goes over its time budget', async () => {
		vi.useFakeTimers();
		void client.start();
		const worker = await ready();
		const handle = client.run({ code: 'while True: pass', timeoutMs: 2000 });
		await Promise.resolve();
		const run = worker.last('run');
		vi.advanceTimersByTime(2000);
		expect(new Int32Array(worker.last('init').interrupt as SharedArrayBuffer)[0]).toBe(SIGINT);
		worker.emit({ type: 'done', id: run.id, result: { status: 'interrupted', durationMs: 2000, truncated: false } });
		expect(await handle.done).toMatchObject({ status: 'interrupted', stoppedBy: 'timeout' });
	});

	it('restarts after a fatal error and the next run goes to the new worker', async () => {
		void client.start();
		const worker = await ready();
		const handle = client.run({ code: 'deep()' });
		await Promise.resolve();
		worker.emit({ type: 'fatal', message: 'The JavaScript stack overflowed.' });
		expect(await handle.done).toMatchObject({ status: 'restarted', cause: 'fatal', message: 'The JavaScript stack overflowed.' });
		expect(worker.terminated).toBe(true);
		const second = newest();
		expect(second).not.toBe(worker);
		await ready();
		client.run({ code: 'print(2)' });
		await Promise.resolve();
		expect(second.last('run').code).toBe('print(2)');
	});

	it('reports a load failure, then retries with a new worker', async () => {
		const first = client.run({ code: 'print(1)' });
		newest().emit({ type: 'init-error', id: newest().last('init').id, message: 'NetworkError: pyodide.asm.wasm 404' });
		expect(await first.done).toMatchObject({ status: 'load-failed', message: 'Python could not load: NetworkError: pyodide.asm.wasm 404' });
		expect(client.state).toBe('failed');
		client.run({ code: 'print(1)' });
		expect(workers).toHaveLength(2);
	});

	it('treats a worker that cannot start as a load failure', async () => {
		const run = client.run({ code: 'print(1)' });
		newest().fail('Failed to fetch worker script');
		expect(await run.done).toMatchObject({ status: 'load-failed', message: 'Python could not load: Failed to fetch worker script' });
	});

	it('answers input() through the shared input buffer', async () => {
		void client.start();
		const worker = await ready();
		client.run({ code: 'input()' }, { onInput: () => Promise.resolve('Grace') });
		await Promise.resolve();
		worker.emit({ type: 'input-request', id: worker.last('run').id });
		await new Promise((resolve) => setTimeout(resolve, 0));
		const buffer = worker.last('init').input as SharedArrayBuffer;
		const control = new Int32Array(buffer, 0, 2);
		expect(control[0]).toBe(INPUT_ANSWERED);
		const length = control[1] ?? 0;
		expect(new TextDecoder().decode(new Uint8Array(buffer).slice(INPUT_HEADER_BYTES, INPUT_HEADER_BYTES + length))).toBe('Grace');
	});
});

describe('PythonClient.dispose', () => {
	it('terminates the worker, ends pending runs and calls, and starts no new worker', async () => {
		void client.start();
		const worker = await ready();
		const restarts: string[] = [];
		client.onRestart((cause) => restarts.push(cause));
		const handle = client.run({ code: 'while True: pass', timeoutMs: 60_000 });
		await Promise.resolve();
		const call = client.call('lifecycle.runner', 'last_run_summary', ['<cell>']);
		await Promise.resolve();
		client.dispose('Timing finished.');
		expect(worker.terminated).toBe(true);
		expect(workers).toHaveLength(1);
		expect(client.state).toBe('off');
		expect(client.info).toBeNull();
		expect(restarts).toEqual([]);
		expect(await handle.done).toMatchObject({ status: 'restarted', cause: 'stop', message: 'Timing finished.' });
		await expect(call).rejects.toThrow('Timing finished.');
	});

	it('rejects a start still loading, and a later run starts a fresh interpreter', async () => {
		const starting = client.start();
		const queued = client.run({ code: 'print(1)' });
		const first = newest();
		client.dispose();
		// Right away, before the rejected start settles: the new start must not be forgotten.
		const again = client.start();
		await expect(starting).rejects.toThrow('Python was shut down.');
		expect(client.start()).toBe(again);
		expect(await queued.done).toMatchObject({ status: 'restarted', cause: 'stop' });
		expect(first.terminated).toBe(true);
		expect(first.sent.filter((m) => m.type === 'run')).toEqual([]);
		client.run({ code: 'print(2)' });
		expect(workers).toHaveLength(2);
		await ready();
		expect(workers).toHaveLength(2);
		expect(newest().last('run').code).toBe('print(2)');
	});
});

describe('pyodideIndexURL', () => {
	it('honours the base with or without its trailing slash', () => {
		expect(pyodideIndexURL('/', 'http://a')).toBe('http://a/pyodide/');
		expect(pyodideIndexURL('/course', 'http://a')).toBe('http://a/course/pyodide/');
		expect(pyodideIndexURL('/course/', 'http://a')).toBe('http://a/course/pyodide/');
	});
});

describe('PythonClient start-up errors', () => {
	it('treats a fatal error while loading as a load failure', async () => {
		const workers: FakeWorker[] = [];
		const loading = new PythonClient('http://site/pyodide/', () => {
			const worker = new FakeWorker();
			workers.push(worker);
			return worker as unknown as Worker;
		});
		const run = loading.run({ code: 'print(1)' });
		workers[0]?.emit({ type: 'fatal', message: "Failed to load 'python_stdlib.zip'" });
		expect(await run.done).toMatchObject({ status: 'load-failed', message: "Python could not load: Failed to load 'python_stdlib.zip'" });
		expect(workers[0]?.terminated).toBe(true);
	});
});

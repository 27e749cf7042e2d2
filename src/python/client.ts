/**
 * The page's side of the Python worker: one lazily started interpreter shared by every cell on the page.
 *
 * State: 'off' (no worker yet) → 'loading' → 'ready' ⇄ (runs queue in the worker) → 'failed' (load error,
 * retry allowed). A restart (Stop that did not take, no isolation, fatal error) terminates the worker and starts
 * a new one; every run still waiting is resolved as { status: 'restarted' } and listeners hear about it.
 *
 * Stop: write SIGINT into the shared interrupt buffer; if the run has not ended STOP_GRACE_MS later (C loops and
 * time.sleep ignore it) or the page is not cross-origin isolated, restart the worker (runtime-notes pitfall 10).
 */
import {
	DEFAULT_OUTPUT_LIMIT,
	INPUT_BUFFER_BYTES,
	INPUT_CANCELLED,
	INPUT_ANSWERED,
	INPUT_HEADER_BYTES,
	SIGINT,
	type OutputPart,
	type Request,
	type RunOptions,
	type RunResult,
	type StartInfo,
	type WorkerMessage,
} from './protocol';

/** How long Stop waits for KeyboardInterrupt before it restarts the interpreter. */
export const STOP_GRACE_MS = 1000;

/** Why a run ended with a restart of the interpreter. */
export type RestartCause = 'stop' | 'timeout' | 'fatal' | 'other-cell';

/** Everything a run can end with, as the cell sees it. */
export type RunOutcome =
	| (RunResult & { stoppedBy?: 'learner' | 'timeout' })
	| { status: 'restarted'; cause: RestartCause; message: string; durationMs: number }
	| { status: 'load-failed'; message: string; durationMs: number };

export interface RunHandlers {
	onOutput?: (parts: OutputPart[]) => void;
	/** Called when Python reads stdin; resolve with the learner's answer, or null to cancel. */
	onInput?: () => Promise<string | null>;
	/** Called once Python is loaded and this run is sent. */
	onStart?: () => void;
}

export interface RunRequest extends Partial<RunOptions> {
	code: string;
	/** Stop the run after this many milliseconds. */
	timeoutMs?: number;
}

export interface RunHandle {
	readonly id: number;
	readonly done: Promise<RunOutcome>;
	stop(): void;
}

/** What the page learns when Python is ready: its version, isolation, and whether it came from the snapshot. */
export type ReadyInfo = StartInfo;

interface PendingRun {
	id: number;
	handlers: RunHandlers;
	started: number;
	stoppedBy?: 'learner' | 'timeout';
	resolve: (outcome: RunOutcome) => void;
	stopTimer?: ReturnType<typeof setTimeout>;
	budgetTimer?: ReturnType<typeof setTimeout>;
}

interface PendingCall {
	resolve: (value: unknown) => void;
	reject: (error: Error) => void;
}

/** The runtime's URL on this site, honouring Astro's base (with or without its trailing slash: pitfall 13). */
export function pyodideIndexURL(base: string, origin: string): string {
	const withSlash = base.endsWith('/') ? base : `${base}/`;
	return new URL(`${withSlash}pyodide/`, origin).href;
}

/** The folder URL the worker files its interpreter snapshots under in the Cache API (see snapshot.ts). */
export function snapshotFolderURL(base: string, origin: string): string {
	const withSlash = base.endsWith('/') ? base : `${base}/`;
	return new URL(`${withSlash}python-snapshot/`, origin).href;
}

export class PythonClient {
	#worker: Worker | null = null;
	#ready: Promise<ReadyInfo> | null = null;
	#info: ReadyInfo | null = null;
	#interrupt: Int32Array | null = null;
	#input: SharedArrayBuffer | null = null;
	#runs = new Map<number, PendingRun>();
	#calls = new Map<number, PendingCall>();
	#nextId = 1;
	#restartListeners = new Set<(cause: RestartCause, message: string) => void>();
	#stateListeners = new Set<(state: ClientState) => void>();
	#state: ClientState = 'off';
	/** Rejects the start in progress (set while loading), so that dispose() can end it. */
	#abortStart: ((message: string) => void) | null = null;
	readonly #indexURL: string;
	readonly #createWorker: () => Worker;
	readonly #snapshotURL: string | null;

	/**
	 * `snapshotURL`: where the worker files its interpreter snapshot in the Cache API (snapshotFolderURL), or null
	 * to always start Python afresh and store nothing.
	 */
	constructor(indexURL: string, createWorker: () => Worker, snapshotURL: string | null = null) {
		this.#indexURL = indexURL;
		this.#createWorker = createWorker;
		this.#snapshotURL = snapshotURL;
	}

	get state(): ClientState {
		return this.#state;
	}

	/** Set once Python has loaded. */
	get info(): ReadyInfo | null {
		return this.#info;
	}

	onRestart(listener: (cause: RestartCause, message: string) => void): () => void {
		this.#restartListeners.add(listener);
		return () => this.#restartListeners.delete(listener);
	}

	onState(listener: (state: ClientState) => void): () => void {
		this.#stateListeners.add(listener);
		return () => this.#stateListeners.delete(listener);
	}

	#setState(state: ClientState): void {
		this.#state = state;
		for (const listener of this.#stateListeners) listener(state);
	}

	/** Start the interpreter if it is not started yet; resolves when Python is ready. */
	start(): Promise<ReadyInfo> {
		if (this.#ready) return this.#ready;
		this.#setState('loading');
		// Marks for `npm run bench` and the browser's performance panel.
		performance.mark('python:start');
		const worker = this.#createWorker();
		this.#worker = worker;
		const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
		this.#interrupt = isolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
		this.#input = isolated ? new SharedArrayBuffer(INPUT_BUFFER_BYTES) : null;
		const id = this.#nextId++;
		this.#ready = new Promise<ReadyInfo>((resolve, reject) => {
			this.#abortStart = (message) => reject(new Error(message));
			const fail = (message: string) => {
				this.#teardown();
				this.#setState('failed');
				reject(new Error(message));
			};
			worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
				const message = event.data;
				if (message.type === 'ready' && message.id === id) {
					const { type: _type, id: _id, ...info } = message;
					// How Python started, for tests and `npm run bench` (and the browser's performance panel).
					performance.mark('python:ready', { detail: info });
					this.#info = info;
					this.#setState('ready');
					resolve(this.#info);
				} else if (message.type === 'init-error' && message.id === id) {
					fail(`Python could not load: ${message.message}`);
				} else if (message.type === 'fatal' && this.#state === 'loading') {
					// A failed fetch inside loadPyodide can surface as an unhandled rejection: still a load failure.
					fail(`Python could not load: ${message.message}`);
				} else {
					this.#handle(message);
				}
			});
			worker.addEventListener('error', (event) => {
				// Before `ready`, a worker error means the runtime could not load (pitfall 8: surface it).
				if (this.#state === 'loading') fail(`Python could not load: ${event.message || 'the worker failed to start'}`);
				else this.restart('fatal', event.message || 'The Python worker failed.');
			});
			this.#send({
				type: 'init',
				id,
				indexURL: this.#indexURL,
				interrupt: this.#interrupt ? (this.#interrupt.buffer as SharedArrayBuffer) : null,
				input: this.#input,
				snapshotURL: this.#snapshotURL,
			});
		});
		// Forget a failed start so that a retry starts again (unless a newer start, after dispose(), replaced it).
		const ready = this.#ready;
		ready.catch(() => {
			if (this.#ready === ready) this.#ready = null;
		});
		return ready;
	}

	#send(request: Request): void {
		this.#worker?.postMessage(request);
	}

	#handle(message: WorkerMessage): void {
		switch (message.type) {
			case 'output':
				this.#runs.get(message.id)?.handlers.onOutput?.(message.parts);
				break;
			case 'input-request':
				void this.#answerInput(message.id);
				break;
			case 'done': {
				const run = this.#runs.get(message.id);
				if (!run) break;
				this.#finish(run, run.stoppedBy ? { ...message.result, stoppedBy: run.stoppedBy } : message.result);
				break;
			}
			case 'call-result': {
				const call = this.#calls.get(message.id);
				if (!call) break;
				this.#calls.delete(message.id);
				if (message.ok) call.resolve(message.value);
				else call.reject(new Error(`${message.error.type}: ${message.error.message}`));
				break;
			}
			case 'fatal':
				this.restart('fatal', message.message);
				break;
			case 'snapshot-stored':
			case 'snapshot-store-failed': {
				// The next visit's start-up, made after this one's: marked for tests and `npm run bench`.
				const { type, ...detail } = message;
				performance.mark(`python:${type}`, { detail });
				break;
			}
			default:
				break;
		}
	}

	async #answerInput(id: number): Promise<void> {
		const run = this.#runs.get(id);
		const buffer = this.#input;
		if (!buffer) return;
		const control = new Int32Array(buffer, 0, 2);
		const answer = run?.handlers.onInput ? await run.handlers.onInput() : null;
		if (this.#input !== buffer) return; // the worker was restarted meanwhile
		if (answer === null) {
			Atomics.store(control, 0, INPUT_CANCELLED);
		} else {
			const bytes = new TextEncoder().encode(answer).slice(0, INPUT_BUFFER_BYTES - INPUT_HEADER_BYTES);
			new Uint8Array(buffer).set(bytes, INPUT_HEADER_BYTES);
			Atomics.store(control, 1, bytes.length);
			Atomics.store(control, 0, INPUT_ANSWERED);
		}
		Atomics.notify(control, 0);
	}

	#finish(run: PendingRun, outcome: RunOutcome): void {
		clearTimeout(run.stopTimer);
		clearTimeout(run.budgetTimer);
		this.#runs.delete(run.id);
		run.resolve(outcome);
	}

	/** Run code; output streams to handlers.onOutput, and `done` resolves with the outcome (never rejects). */
	run(request: RunRequest, handlers: RunHandlers = {}): RunHandle {
		const id = this.#nextId++;
		const started = performance.now();
		let resolveDone!: (outcome: RunOutcome) => void;
		const done = new Promise<RunOutcome>((resolve) => (resolveDone = resolve));
		const pending: PendingRun = { id, handlers, started, resolve: resolveDone };
		this.#runs.set(id, pending);
		this.start().then(
			() => {
				if (!this.#runs.has(id)) return; // stopped while Python was loading (pitfall 9)
				handlers.onStart?.();
				if (request.timeoutMs !== undefined) {
					pending.budgetTimer = setTimeout(() => this.#stop(pending, 'timeout'), request.timeoutMs);
				}
				this.#send({
					type: 'run',
					id,
					code: request.code,
					namespace: request.namespace ?? 'fresh',
					outputLimit: request.outputLimit ?? DEFAULT_OUTPUT_LIMIT,
					filename: request.filename ?? '<cell>',
					instrument: request.instrument ?? false,
					recorder: request.recorder ?? null,
				});
			},
			(error: Error) => {
				this.#runs.delete(id);
				resolveDone({ status: 'load-failed', message: error.message, durationMs: performance.now() - started });
			}
		);
		return { id, done, stop: () => this.#stop(pending, 'learner') };
	}

	#stop(run: PendingRun, by: 'learner' | 'timeout'): void {
		if (!this.#runs.has(run.id) || run.stoppedBy) return;
		run.stoppedBy = by;
		const cause: RestartCause = by === 'timeout' ? 'timeout' : 'stop';
		if (this.#state !== 'ready') {
			// Still loading: nothing runs yet, so simply drop the run.
			this.#finish(run, { status: 'interrupted', durationMs: 0, truncated: false, stoppedBy: by });
			return;
		}
		if (!this.#interrupt) {
			this.restart(cause, 'This page is not cross-origin isolated, so Stop cannot interrupt Python gently.');
			return;
		}
		Atomics.store(this.#interrupt, 0, SIGINT);
		if (this.#input) {
			// If the run waits in input(), wake it up.
			const control = new Int32Array(this.#input, 0, 2);
			Atomics.store(control, 0, INPUT_CANCELLED);
			Atomics.notify(control, 0);
		}
		run.stopTimer = setTimeout(() => {
			if (this.#runs.has(run.id)) {
				this.restart(
					cause,
					'The code did not stop within a second of Stop: C code (such as sum(range(...))) and time.sleep() ' +
						'do not check for it.'
				);
			}
		}, STOP_GRACE_MS);
	}

	/** Call a Python helper: `lifecycle.<module>.<fn>(*args)`, with JSON in and out. */
	async call<T = unknown>(module: string, fn: string, args: unknown[] = []): Promise<T> {
		await this.start();
		const id = this.#nextId++;
		return new Promise<T>((resolve, reject) => {
			this.#calls.set(id, { resolve: (value) => resolve(value as T), reject });
			this.#send({ type: 'call', id, module, fn, args });
		});
	}

	/**
	 * Terminate the interpreter for good and free its memory (a widget's extra interpreters are large): a start in
	 * progress rejects, pending runs end as 'restarted' (cause 'stop'), pending calls reject, and no new worker is
	 * started. A later start(), run() or call() starts a fresh interpreter.
	 */
	dispose(message = 'Python was shut down.'): void {
		const runs = [...this.#runs.values()];
		const calls = [...this.#calls.values()];
		const abortStart = this.#state === 'loading' ? this.#abortStart : null;
		this.#teardown();
		abortStart?.(message);
		for (const run of runs) {
			const durationMs = performance.now() - run.started;
			this.#finish(run, { status: 'restarted', cause: 'stop', message, durationMs });
		}
		for (const call of calls) call.reject(new Error(message));
	}

	/** Terminate the interpreter and start a fresh one; pending runs end as 'restarted'. */
	restart(cause: RestartCause, message: string): void {
		const runs = [...this.#runs.values()];
		const calls = [...this.#calls.values()];
		this.#teardown();
		for (const run of runs) {
			// The run that caused it gets the cause; runs queued behind it were lost with the worker.
			const own = run === runs[0] ? cause : 'other-cell';
			this.#finish(run, {
				status: 'restarted',
				cause: own,
				message: own === 'other-cell' ? 'Python was restarted by another cell, so this run was dropped.' : message,
				durationMs: performance.now() - run.started,
			});
		}
		for (const call of calls) call.reject(new Error(`Python was restarted: ${message}`));
		for (const listener of this.#restartListeners) listener(cause, message);
		void this.start().catch(() => undefined);
	}

	#teardown(): void {
		this.#abortStart = null;
		this.#worker?.terminate();
		this.#worker = null;
		this.#ready = null;
		this.#info = null;
		this.#interrupt = null;
		this.#input = null;
		this.#calls.clear();
		this.#setState('off');
	}
}

export type ClientState = 'off' | 'loading' | 'ready' | 'failed';

let pageClient: PythonClient | null = null;

/** The page's one interpreter. */
export function getPython(): PythonClient {
	pageClient ??= new PythonClient(
		pyodideIndexURL(import.meta.env.BASE_URL, location.origin),
		() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'python' }),
		snapshotFolderURL(import.meta.env.BASE_URL, location.origin)
	);
	return pageClient;
}

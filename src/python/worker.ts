/// <reference lib="webworker" />
/**
 * The Python worker: one Pyodide interpreter per page, shared by the page's cells.
 *
 * Pyodide is imported at run time from the site's own /pyodide/ folder (copied from the npm package at build
 * time), not bundled: bundling pulls in Node shims and still needs the files (runtime-notes pitfall 14).
 * Every message follows src/python/protocol.ts.
 */
import type { PyodideAPI } from 'pyodide';
import { version as PYODIDE_VERSION } from 'pyodide/package.json';
import { OutputBuffer } from '../lib/output-buffer';
import { byBaseName, installLifecycle } from './install';
import {
	SNAPSHOT_CACHE,
	afterRestore,
	browserCapabilities,
	deleteStoredSnapshot,
	finishSetup,
	prepareSnapshot,
	readShippedSnapshot,
	readSnapshot,
	type ReadSnapshot,
	shippedSnapshotURL,
	snapshotEntryURL,
	snapshotKey,
	storeSnapshot,
	takeSnapshot,
} from './snapshot';
import {
	INPUT_CANCELLED,
	INPUT_HEADER_BYTES,
	INPUT_WAITING,
	type OutputPart,
	type PythonErrorInfo,
	type Request,
	type RunResult,
	type StartInfo,
	type WorkerMessage,
} from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const helperSources = byBaseName(
	import.meta.glob<string>('./lifecycle/*.py', { query: '?raw', import: 'default', eager: true })
);

let py: PyodideAPI | null = null;
let interrupt: Int32Array | null = null;
let inputControl: Int32Array | null = null;
let inputBytes: Uint8Array | null = null;
let fatal = false;
/** The run whose output and input() requests are being handled. */
let current: { id: number; output: OutputBuffer; inputCancelled: boolean } | null = null;

const decoder = { stdout: new TextDecoder(), stderr: new TextDecoder() };

function post(message: WorkerMessage): void {
	self.postMessage(message);
}

function writer(stream: OutputPart['stream']) {
	return {
		write(buffer: Uint8Array): number {
			const text = decoder[stream].decode(buffer, { stream: true });
			current?.output.write(stream, text);
			return buffer.length;
		},
	};
}

/**
 * Called by Python when it reads stdin (input(), sys.stdin.readline()). Blocks this worker until the page
 * answers through the shared input buffer; the page shows a text field in the cell's output meanwhile.
 */
function readStdin(): string | null {
	if (!current) return null;
	if (!inputControl || !inputBytes) {
		current.output.write(
			'stderr',
			'input() needs a cross-origin isolated page (COOP/COEP headers), and this one is not: ' +
				'see the README on deployment.\n'
		);
		return null;
	}
	current.output.flush();
	Atomics.store(inputControl, 0, INPUT_WAITING);
	post({ type: 'input-request', id: current.id });
	Atomics.wait(inputControl, 0, INPUT_WAITING);
	if (Atomics.load(inputControl, 0) === INPUT_CANCELLED) {
		// Stop was pressed while input() waited: end the read, and report the run as interrupted.
		current.inputCancelled = true;
		return null;
	}
	const length = Atomics.load(inputControl, 1);
	// TextDecoder refuses views on shared memory, so copy the answer out first.
	const answer = new TextDecoder().decode(inputBytes.slice(INPUT_HEADER_BYTES, INPUT_HEADER_BYTES + length));
	return answer.endsWith('\n') ? answer : `${answer}\n`;
}

type LoadPyodide = (options: {
	indexURL: string;
	_loadSnapshot?: Uint8Array;
	_makeSnapshot?: boolean;
}) => Promise<PyodideAPI>;

type InstantiateStreaming = typeof WebAssembly.instantiateStreaming;

/**
 * Compile the runtime's WebAssembly while the snapshot is read. loadPyodide only starts compiling once it holds
 * the snapshot, so the two would run one after the other; here the compile runs beside the read, and Pyodide's
 * one call to WebAssembly.instantiateStreaming is answered with the module already compiled (the original comes
 * back at once; a failed compile falls through to it).
 */
function compileEarly(indexURL: string): void {
	const compiled = WebAssembly.compileStreaming(fetch(`${indexURL}pyodide.asm.wasm`));
	compiled.catch(() => undefined);
	const wasm = WebAssembly as unknown as { instantiateStreaming: InstantiateStreaming };
	const original = wasm.instantiateStreaming;
	wasm.instantiateStreaming = async (source, imports) => {
		wasm.instantiateStreaming = original;
		let module: WebAssembly.Module;
		try {
			module = await compiled;
		} catch {
			return original.call(WebAssembly, source, imports);
		}
		// Pyodide's own download of the same file is not needed.
		void Promise.resolve(source)
			.then((response) => response.body?.cancel())
			.catch(() => undefined);
		return { module, instance: await WebAssembly.instantiate(module, imports) };
	};
}

/**
 * Where this worker's snapshot lives in the Cache API (keyed by the browser itself, so a browser update makes a new
 * one), the stamp a usable snapshot carries (the Pyodide version, helper sources and this browser's capabilities),
 * and the shipped snapshot for that stamp; null when snapshots are off or unavailable.
 */
interface SnapshotPlace {
	key: string;
	url: string;
	stamp: string;
	shippedURL: string;
}

async function snapshotPlace(request: Extract<Request, { type: 'init' }>): Promise<SnapshotPlace | null> {
	// The Cache API needs a secure context.
	if (!request.snapshotURL || typeof caches === 'undefined') return null;
	const key = await snapshotKey(PYODIDE_VERSION, helperSources, navigator.userAgent);
	const stamp = await snapshotKey(PYODIDE_VERSION, helperSources, browserCapabilities());
	return {
		key,
		url: snapshotEntryURL(request.snapshotURL, key),
		stamp,
		shippedURL: shippedSnapshotURL(request.snapshotURL, stamp),
	};
}

/**
 * The snapshot shipped with the site for this browser's capabilities, unpacked, or null when there is none (a
 * build without Chromium, another browser). Once it is known to exist, the wasm compiles beside its download.
 */
async function shippedSnapshot(place: SnapshotPlace, indexURL: string): Promise<Uint8Array | null> {
	const response = await fetch(place.shippedURL).catch(() => null);
	if (!response?.ok) return null;
	compileEarly(indexURL);
	return readShippedSnapshot(response);
}

/** The stored snapshot's response, or null; a Cache API that fails counts as none. */
async function storedSnapshot(place: SnapshotPlace): Promise<Response | null> {
	try {
		return (await (await caches.open(SNAPSHOT_CACHE)).match(place.url)) ?? null;
	} catch {
		return null;
	}
}

/**
 * A fresh start that also copies the memory for the next visit (snapshot.ts): the copy is taken before the
 * JavaScript side is set up, at the state a restore starts from.
 */
function startFresh(started: PyodideAPI, place: SnapshotPlace | null): Uint8Array | null {
	if (!place) {
		installLifecycle(started, helperSources);
		started.runPython('import lifecycle.runner');
		return null;
	}
	prepareSnapshot(started, helperSources, place.stamp);
	let bytes: Uint8Array | null = null;
	try {
		bytes = takeSnapshot(started);
	} catch (error) {
		post({ type: 'snapshot-store-failed', message: errorText(error) });
	}
	finishSetup(started, helperSources);
	return bytes;
}

/** Store the snapshot after the page has its interpreter, and say how it went. */
async function keepSnapshot(place: SnapshotPlace, bytes: Uint8Array): Promise<void> {
	const began = performance.now();
	try {
		await storeSnapshot(caches, place.url, bytes, place.stamp);
		post({ type: 'snapshot-stored', bytes: bytes.length, ms: performance.now() - began });
	} catch (error) {
		post({ type: 'snapshot-store-failed', message: errorText(error) });
	}
}

/**
 * Restore `bytes` into a usable interpreter: loaded, its stamp checked and its JavaScript side set up again
 * (snapshot.ts), timed from holding the bytes. `verified` (the stored entry's SHA-256 check) runs meanwhile.
 */
async function restore(
	loadPyodide: LoadPyodide,
	indexURL: string,
	bytes: Uint8Array,
	place: SnapshotPlace,
	verified: Promise<void> = Promise.resolve()
): Promise<{ restored: PyodideAPI; ms: number }> {
	const restoring = performance.now();
	const restored = await loadPyodide({ indexURL, _loadSnapshot: bytes });
	await verified; // a corrupted snapshot is never used
	afterRestore(restored, helperSources, place.stamp);
	return { restored, ms: performance.now() - restoring };
}

async function init(request: Extract<Request, { type: 'init' }>): Promise<void> {
	const began = performance.now();
	try {
		const place = await snapshotPlace(request).catch(() => null);
		const stored = place ? await storedSnapshot(place) : null;
		let snapshot: Promise<ReadSnapshot> | null = null;
		let shipped: Promise<Uint8Array | null> | null = null;
		if (stored) {
			compileEarly(request.indexURL);
			snapshot = readSnapshot(stored);
			snapshot.catch(() => undefined); // handled where awaited; never an unhandled rejection (fatal)
		} else if (place) {
			// A first visit: the snapshot the site ships for browsers like this one, downloaded beside Pyodide's import.
			shipped = shippedSnapshot(place, request.indexURL);
			shipped.catch(() => undefined);
		}
		const module = (await import(/* @vite-ignore */ `${request.indexURL}pyodide.mjs`)) as { loadPyodide: LoadPyodide };
		let startedFrom: StartInfo['startedFrom'] = 'fresh';
		let snapshotError: string | undefined;
		let snapshotBytes: number | undefined;
		let restoreMs: number | undefined;
		if (place && snapshot) {
			try {
				const { bytes, verified } = await snapshot;
				({ restored: py, ms: restoreMs } = await restore(module.loadPyodide, request.indexURL, bytes, place, verified));
				snapshotBytes = bytes.length;
				startedFrom = 'snapshot';
			} catch (error) {
				// Corrupt, truncated, stale or refused: forget it, start afresh, and make a new one.
				snapshotError = errorText(error);
				await deleteStoredSnapshot(caches, place.url).catch(() => undefined);
			}
		}
		let madeSnapshot: Uint8Array | null = null;
		if (place && shipped) {
			try {
				const bytes = await shipped;
				if (bytes) {
					({ restored: py, ms: restoreMs } = await restore(module.loadPyodide, request.indexURL, bytes, place));
					snapshotBytes = bytes.length;
					startedFrom = 'shipped';
					madeSnapshot = bytes; // kept in the Cache API: the next visit neither downloads nor unpacks it
				}
			} catch (error) {
				// Damaged, or refused by this browser: a fresh start (which stores a snapshot of its own).
				snapshotError = errorText(error);
			}
		}
		if (!py) {
			const fresh = await module.loadPyodide({ indexURL: request.indexURL, _makeSnapshot: place !== null });
			madeSnapshot = startFresh(fresh, place);
			py = fresh;
		}
		py.setStdout(writer('stdout'));
		py.setStderr(writer('stderr'));
		py.setStdin({ stdin: readStdin });
		if (request.interrupt) {
			interrupt = new Int32Array(request.interrupt);
			py.setInterruptBuffer(interrupt);
		}
		if (request.input) {
			inputControl = new Int32Array(request.input, 0, 2);
			inputBytes = new Uint8Array(request.input);
		}
		post({
			type: 'ready',
			id: request.id,
			version: py.version,
			isolated: interrupt !== null,
			startedFrom,
			startMs: performance.now() - began,
			...(snapshotBytes === undefined ? {} : { snapshotBytes }),
			...(restoreMs === undefined ? {} : { restoreMs }),
			...(snapshotError === undefined ? {} : { snapshotError }),
		});
		// Not awaited: the page's first run goes ahead while the copy is compressed and stored.
		if (place && madeSnapshot) void keepSnapshot(place, madeSnapshot);
	} catch (error) {
		post({ type: 'init-error', id: request.id, message: errorText(error) });
	}
}

function errorText(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * A JavaScript error escaping Pyodide means the interpreter is broken (for example a RangeError from recursion
 * through C that overflowed the JS stack). Pyodide marks itself fatally failed; the page must restart us.
 */
function reportFatal(error: unknown): void {
	fatal = true;
	let message = errorText(error);
	if (/Maximum call stack size exceeded/i.test(message)) {
		message =
			'The JavaScript stack overflowed (deep recursion through C code, such as repr() of a deeply nested ' +
			'object), which WebAssembly cannot recover from.';
	}
	post({ type: 'fatal', message });
}

async function run(request: Extract<Request, { type: 'run' }>): Promise<void> {
	if (!py || fatal) return;
	const output = new OutputBuffer((parts) => post({ type: 'output', id: request.id, parts }), {
		limit: request.outputLimit,
	});
	const state = { id: request.id, output, inputCancelled: false };
	current = state;
	if (interrupt) Atomics.store(interrupt, 0, 0);
	const started = performance.now();
	try {
		const runCell = py.pyimport('lifecycle.runner').run_cell_json as (
			code: string,
			filename: string,
			shared: boolean,
			instrument: boolean,
			recorder: string | null
		) => Promise<string>;
		const raw = JSON.parse(
			await runCell(request.code, request.filename, request.namespace === 'shared', request.instrument, request.recorder)
		) as { status: RunResult['status']; error?: PythonErrorInfo; exitCode?: number | string | null };
		output.flush();
		const base = { durationMs: performance.now() - started, truncated: output.truncated };
		let result: RunResult;
		if (state.inputCancelled) result = { status: 'interrupted', ...base };
		else if (raw.status === 'error' && raw.error) result = { status: 'error', ...base, error: raw.error };
		else if (raw.status === 'exit') result = { status: 'exit', ...base, exitCode: raw.exitCode ?? null };
		else if (raw.status === 'interrupted') result = { status: 'interrupted', ...base };
		else result = { status: 'ok', ...base };
		post({ type: 'done', id: request.id, result });
	} catch (error) {
		output.flush();
		reportFatal(error);
	} finally {
		current = null;
	}
}

function call(request: Extract<Request, { type: 'call' }>): void {
	if (!py || fatal) return;
	try {
		const callJson = py.pyimport('lifecycle.runner').call_json as (
			module: string,
			fn: string,
			args: string
		) => string;
		const value: unknown = JSON.parse(callJson(request.module, request.fn, JSON.stringify(request.args)));
		post({ type: 'call-result', id: request.id, ok: true, value });
	} catch (error) {
		if (error instanceof Error && error.constructor.name === 'PythonError') {
			const type = (error as Error & { type?: string }).type ?? 'Exception';
			post({
				type: 'call-result',
				id: request.id,
				ok: false,
				error: { type, message: error.message, traceback: error.message },
			});
		} else {
			reportFatal(error);
		}
	}
}

// Messages are handled one at a time: a run blocks the worker anyway, and queuing keeps order simple.
let queue = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<Request>) => {
	const request = event.data;
	queue = queue.then(async () => {
		if (request.type === 'init') await init(request);
		else if (request.type === 'run') await run(request);
		else call(request);
	});
});

// Unhandled rejections inside Pyodide's own machinery are fatal too.
self.addEventListener('unhandledrejection', (event) => reportFatal(event.reason));

export {};

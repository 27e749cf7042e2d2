/// <reference lib="webworker" />
/**
 * The Python worker: one Pyodide interpreter per page, shared by the page's cells.
 *
 * Pyodide is imported at run time from the site's own /pyodide/ folder (copied from the npm package at build
 * time), not bundled: bundling pulls in Node shims and still needs the files (runtime-notes pitfall 14).
 * Every message follows src/python/protocol.ts.
 */
import type { PyodideAPI } from 'pyodide';
import { OutputBuffer } from '../lib/output-buffer';
import { byBaseName, installLifecycle } from './install';
import {
	INPUT_CANCELLED,
	INPUT_HEADER_BYTES,
	INPUT_WAITING,
	type OutputPart,
	type PythonErrorInfo,
	type Request,
	type RunResult,
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

async function init(request: Extract<Request, { type: 'init' }>): Promise<void> {
	try {
		const module = (await import(/* @vite-ignore */ `${request.indexURL}pyodide.mjs`)) as {
			loadPyodide: (options: { indexURL: string }) => Promise<PyodideAPI>;
		};
		py = await module.loadPyodide({ indexURL: request.indexURL });
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
		installLifecycle(py, helperSources);
		py.runPython('import lifecycle.runner');
		post({ type: 'ready', id: request.id, version: py.version, isolated: interrupt !== null });
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

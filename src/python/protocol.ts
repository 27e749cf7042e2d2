/**
 * The one message protocol between the page (client.ts) and the Python worker (worker.ts).
 *
 * Lifecycle:
 *   page → worker  init { interrupt, input, snapshotURL }
 *                                                    worker → page  ready { version, startedFrom } | init-error { message }
 *   page → worker  run  { id, code, namespace, … }    worker → page  output { id, parts }*  input-request { id }*
 *                                                                    done { id, result }
 *   page → worker  call { id, module, fn, args }      worker → page  call-result { id, ok, value | error }
 *   worker → page  fatal { message }   the interpreter is unusable; the page terminates and restarts the worker.
 *
 * Two SharedArrayBuffers travel in `init` when the page is cross-origin isolated:
 *  - `interrupt` (Int32Array[1]): the page writes 2 (SIGINT) there to raise KeyboardInterrupt in the running code;
 *  - `input` (Int32Array control words + UTF-8 bytes): `input()` blocks the worker with Atomics.wait until the
 *    page writes the learner's answer (see INPUT_* below).
 * Without isolation both are null: Stop terminates the worker and `input()` explains why it cannot work.
 */

/** How a cell's code is run. */
export interface RunOptions {
	/** 'fresh': a new `__main__` namespace per run; 'shared': the page's namespace, kept between runs. */
	namespace: 'fresh' | 'shared';
	/** Characters of output forwarded before the rest is dropped with a notice. */
	outputLimit: number;
	/** Name shown in tracebacks, e.g. "<cell 2>". */
	filename: string;
	/** Count the instructions executed and record file-system calls (trace mode); slower. */
	instrument: boolean;
	/**
	 * A recorder module of src/python/lifecycle/ (e.g. "stepper") whose start(code, filename) / stop() wrap the
	 * run, for widgets that watch the real run; null for none.
	 */
	recorder: string | null;
}

export type Request =
	| {
			type: 'init';
			id: number;
			indexURL: string;
			interrupt: SharedArrayBuffer | null;
			input: SharedArrayBuffer | null;
			/**
			 * The folder URL the worker files its interpreter snapshots under in the Cache API (see snapshot.ts;
			 * a cache key, never fetched). null: always start a fresh interpreter and store nothing.
			 */
			snapshotURL: string | null;
	  }
	| ({ type: 'run'; id: number; code: string } & RunOptions)
	| { type: 'call'; id: number; module: string; fn: string; args: unknown[] };

/** How the interpreter started: restored from the stored snapshot, or a fresh start (and why, if one failed). */
export interface StartInfo {
	version: string;
	isolated: boolean;
	/**
	 * snapshot: restored from the one this browser stored; shipped: restored from the one the site ships for
	 * browsers with these capabilities (a first visit); fresh: Python started afresh.
	 */
	startedFrom: 'snapshot' | 'shipped' | 'fresh';
	/** Milliseconds in the worker from init to ready. */
	startMs: number;
	/** Bytes of the restored snapshot (decompressed), when restored. */
	snapshotBytes?: number;
	/**
	 * When restored: milliseconds from holding the snapshot's bytes to a usable interpreter (loadPyodide with the
	 * snapshot, then the JavaScript side set up again); reading and decompressing it ran beside Pyodide's import.
	 */
	restoreMs?: number;
	/** Why the stored snapshot was not used, when there was one. */
	snapshotError?: string;
}

/** One piece of output; consecutive pieces of the same stream are merged before posting. */
export interface OutputPart {
	stream: 'stdout' | 'stderr';
	text: string;
}

/** A Python exception, with the traceback trimmed to the learner's own frames. */
export interface PythonErrorInfo {
	type: string;
	message: string;
	traceback: string;
}

/** The outcome of one run. */
export type RunResult =
	| { status: 'ok'; durationMs: number; truncated: boolean }
	| { status: 'error'; durationMs: number; truncated: boolean; error: PythonErrorInfo }
	| { status: 'exit'; durationMs: number; truncated: boolean; exitCode: number | string | null }
	| { status: 'interrupted'; durationMs: number; truncated: boolean };

export type WorkerMessage =
	| ({ type: 'ready'; id: number } & StartInfo)
	/** After a fresh start: the snapshot was stored for the next visit (or why not), for tests and the bench. */
	| { type: 'snapshot-stored'; bytes: number; ms: number }
	| { type: 'snapshot-store-failed'; message: string }
	| { type: 'init-error'; id: number; message: string }
	| { type: 'output'; id: number; parts: OutputPart[] }
	| { type: 'input-request'; id: number }
	| { type: 'done'; id: number; result: RunResult }
	| { type: 'call-result'; id: number; ok: true; value: unknown }
	| { type: 'call-result'; id: number; ok: false; error: PythonErrorInfo }
	| { type: 'fatal'; message: string };

/** The value written into the interrupt buffer to raise KeyboardInterrupt (SIGINT). */
export const SIGINT = 2;

/**
 * Layout of the input buffer: Int32 word 0 is the state, word 1 the answer's byte length, and the UTF-8 answer
 * starts at byte INPUT_HEADER_BYTES.
 */
export const INPUT_WAITING = 0;
export const INPUT_ANSWERED = 1;
export const INPUT_CANCELLED = 2;
export const INPUT_HEADER_BYTES = 8;
export const INPUT_BUFFER_BYTES = 64 * 1024;

/** Output characters kept per run before truncation. */
export const DEFAULT_OUTPUT_LIMIT = 100_000;

/** Merge consecutive parts of the same stream: fewer, larger messages keep the page responsive. */
export function mergeParts(parts: readonly OutputPart[]): OutputPart[] {
	const merged: OutputPart[] = [];
	for (const part of parts) {
		if (part.text === '') continue;
		const last = merged.at(-1);
		if (last && last.stream === part.stream) last.text += part.text;
		else merged.push({ ...part });
	}
	return merged;
}

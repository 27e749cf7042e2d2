/**
 * Records the file-system calls Python makes, by wrapping the Emscripten file system's own functions (FS.open,
 * FS.read, …). Python's system calls land in these functions in the WebAssembly build, so this is the browser's
 * `strace`. The wrappers are installed once and cost one check per call while no trace is running.
 *
 * Python reaches it as the module `lifecycle_fs` (see lifecycle/fs_trace.py): start(), then stop() → JSON text.
 */

/**
 * One file-system call. `bytes` is set for read and write (the count actually transferred), `to` for rename (the
 * new path), and `ms` is how long the call took in the worker.
 */
export interface FsCall {
	op: string;
	path: string;
	bytes?: number;
	to?: string;
	ms: number;
}

/** The subset of Emscripten's FS object that is traced. */
type FsFunction = (...args: never[]) => unknown;
type EmscriptenFs = Record<string, unknown>;

/** Calls kept per trace; a program that loops over files should not fill the memory with records. */
export const FS_TRACE_LIMIT = 2000;

/** Operations traced, and how each one names its path. */
const PATH_OPS = ['open', 'stat', 'lstat', 'mkdir', 'rmdir', 'unlink', 'readdir', 'rename', 'utime', 'truncate'];
const STREAM_OPS = ['read', 'write', 'close', 'llseek'];

interface Stream {
	path?: string;
}

export interface FsTracer {
	start(): void;
	/** Stop tracing; the calls as JSON text (an array of FsCall), plus whether some were dropped. */
	stop(): string;
}

export function createFsTracer(fs: EmscriptenFs): FsTracer {
	let calls: FsCall[] | null = null;
	let dropped = 0;
	// FS functions call each other (lstat → stat, writeFile → open/write/close): record only the outermost call.
	let depth = 0;

	const record = (call: FsCall) => {
		if (!calls || call.path.startsWith('/dev/')) return;
		if (calls.length >= FS_TRACE_LIMIT) dropped += 1;
		else calls.push(call);
	};

	const wrap = (op: string, describe: (args: unknown[], result: unknown) => Omit<FsCall, 'ms'>) => {
		const original = fs[op];
		if (typeof original !== 'function') return;
		const fn = original as FsFunction;
		fs[op] = function traced(this: unknown, ...args: unknown[]) {
			if (!calls) return fn.apply(this, args as never[]);
			depth += 1;
			const started = performance.now();
			try {
				const result = fn.apply(this, args as never[]);
				if (depth === 1) record({ ...describe(args, result), ms: performance.now() - started });
				return result;
			} finally {
				depth -= 1;
			}
		};
	};

	for (const op of PATH_OPS) {
		wrap(op, (args) => (op === 'rename' ? { op, path: String(args[0]), to: String(args[1]) } : { op, path: String(args[0]) }));
	}
	for (const op of STREAM_OPS) {
		wrap(op, (args, result) => {
			const call: Omit<FsCall, 'ms'> = { op: op === 'llseek' ? 'lseek' : op, path: (args[0] as Stream | undefined)?.path ?? '?' };
			if ((op === 'read' || op === 'write') && typeof result === 'number') call.bytes = result;
			return call;
		});
	}

	return {
		start() {
			calls = [];
			dropped = 0;
		},
		stop() {
			const result = { calls: calls ?? [], dropped };
			calls = null;
			return JSON.stringify(result);
		},
	};
}

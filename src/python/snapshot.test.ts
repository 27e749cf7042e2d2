/**
 * The interpreter snapshot, made and restored in Node exactly as the build makes it and the worker restores it:
 * every feature the worker offers must still work after a restore (output, input(), Stop, the helpers, the
 * file-system tracer and the memory reader, which are JavaScript), and a stale or corrupt snapshot must be refused.
 */
import { gunzipSync } from 'node:zlib';
import type { PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { helperSources } from '../../tests/node-python';
import { buildSnapshot, nodeLoadPyodide, pyodideDir, pyodideVersion, type BuiltSnapshot } from './snapshot-build';
import { afterRestore, helperModules, helpersBindingJs, readSnapshot, snapshotKey } from './snapshot';

const files = helperSources();
let built: BuiltSnapshot;

interface Restored {
	py: PyodideAPI;
	output: () => string;
}

async function restore(bytes: Uint8Array, stdin: string[] = []): Promise<Restored> {
	const loadPyodide = await nodeLoadPyodide();
	const py = await loadPyodide({ indexURL: pyodideDir(), _loadSnapshot: bytes });
	let text = '';
	const decoder = new TextDecoder();
	const write = (buffer: Uint8Array) => {
		text += decoder.decode(buffer, { stream: true });
		return buffer.length;
	};
	py.setStdout({ write });
	py.setStderr({ write });
	py.setStdin({ stdin: () => stdin.shift() ?? null });
	return { py, output: () => text };
}

async function runCell(py: PyodideAPI, code: string, recorder: string | null = null): Promise<{ status: string }> {
	const runner = py.pyimport('lifecycle.runner');
	return JSON.parse((await runner.run_cell_json(code, '<cell 1>', false, false, recorder)) as string) as {
		status: string;
	};
}

function call<T>(py: PyodideAPI, module: string, fn: string, args: unknown[] = []): T {
	const runner = py.pyimport('lifecycle.runner');
	return JSON.parse(runner.call_json(module, fn, JSON.stringify(args)) as string) as T;
}

beforeAll(async () => {
	built = await buildSnapshot(files);
}, 120_000);

describe('snapshot key', () => {
	it('changes with any helper source and with the Pyodide version, and not with the order of the files', async () => {
		const key = await snapshotKey('314.0.7', files);
		expect(key).toMatch(/^[0-9a-f]{24}$/);
		const reversed = Object.fromEntries(Object.entries(files).reverse());
		expect(await snapshotKey('314.0.7', reversed)).toBe(key);
		expect(await snapshotKey('314.0.8', files)).not.toBe(key);
		expect(await snapshotKey('314.0.7', { ...files, 'runner.py': `${files['runner.py']}\n# changed\n` })).not.toBe(key);
		expect(built.key).toBe(await snapshotKey(pyodideVersion(), files));
	});

	it('lists every helper, and as re-imported after a restore the ones that import a JavaScript module', () => {
		expect(helperModules(files)).toContain('lifecycle.runner');
		expect(helpersBindingJs(files)).toEqual(['lifecycle.fs_trace', 'lifecycle.wasm_memory']);
	});
});

describe('a restored snapshot', () => {
	it('has the helpers imported, their files back, and runs a cell with output and a traceback', async () => {
		const { py, output } = await restore(built.bytes);
		afterRestore(py, files, built.key);
		expect(py.runPython('import sys; "lifecycle.runner" in sys.modules and "lifecycle.bytecode" in sys.modules')).toBe(true);
		expect(await runCell(py, 'import sys\nprint("hello", sys.version_info[:2])')).toMatchObject({ status: 'ok' });
		expect(output()).toContain('hello (3, 14)');
		const error = await runCell(py, 'def f():\n    1 / 0\nf()');
		expect(error).toMatchObject({ status: 'error', error: { type: 'ZeroDivisionError' } });
		// inspect reads the helper files from the file system, which the snapshot does not hold.
		expect(py.runPython('import inspect, lifecycle.positions; len(inspect.getsource(lifecycle.positions)) > 0')).toBe(true);
	}, 60_000);

	it('reads input() through the stdin handler set after the restore', async () => {
		const { py, output } = await restore(built.bytes, ['Ada\n']);
		afterRestore(py, files, built.key);
		expect(await runCell(py, 'name = input("Name? ")\nprint("hi", name)')).toMatchObject({ status: 'ok' });
		expect(output()).toContain('hi Ada');
	}, 60_000);

	it('is interrupted through an interrupt buffer set after the restore (Stop)', async () => {
		const { py } = await restore(built.bytes);
		afterRestore(py, files, built.key);
		const interrupt = new Int32Array(new SharedArrayBuffer(4));
		py.setInterruptBuffer(interrupt);
		interrupt[0] = 2;
		// Raised at Python's next check: here at once, in the loop the page could not otherwise end.
		expect(() => py.runPython('for i in range(3 * 10**7):\n    pass')).toThrow(/KeyboardInterrupt/);
		expect(interrupt[0]).toBe(0); // consumed, as in the worker
	}, 60_000);

	it('traces file-system calls and reads the WebAssembly memory: the JavaScript modules are bound again', async () => {
		const { py } = await restore(built.bytes);
		afterRestore(py, files, built.key);
		const code = 'with open("/tmp/snap.txt", "w") as f:\n    f.write("abc")\nprint(open("/tmp/snap.txt").read())';
		expect(await runCell(py, code, 'syscalls')).toMatchObject({ status: 'ok' });
		const trace = call<{ available: boolean; calls: { op: string; path: string }[] }>(py, 'lifecycle.syscalls', 'result', ['<cell 1>']);
		expect(trace.available).toBe(true);
		expect(trace.calls.some((c) => c.op === 'write' && c.path === '/tmp/snap.txt')).toBe(true);
		const memory = call<{ wasmBytes: number; maxBytes: number }>(py, 'lifecycle.wasm_memory', 'now');
		expect(memory.wasmBytes).toBeGreaterThanOrEqual(built.bytes.length - 64 * 1024);
		expect(memory.maxBytes).toBeGreaterThan(memory.wasmBytes);
	}, 60_000);

	it('gives each restore its own random numbers', async () => {
		const draw = async () => {
			const { py } = await restore(built.bytes);
			afterRestore(py, files, built.key);
			return py.runPython('import random; random.random()') as number;
		};
		expect(await draw()).not.toBe(await draw());
	}, 60_000);

	it('is refused when its key is not the one expected (a stale snapshot)', async () => {
		const { py } = await restore(built.bytes);
		expect(() => afterRestore(py, files, 'not-this-key')).toThrow(/snapshot is for key/);
	}, 60_000);
});

describe('the snapshot file', () => {
	it('is the gzip of the snapshot, read back whole', async () => {
		expect(gunzipSync(built.gzip).equals(Buffer.from(built.bytes))).toBe(true);
		const bytes = await readSnapshot(new Response(built.gzip));
		expect(bytes.length).toBe(built.bytes.length);
	});

	it('is rejected when truncated, corrupted, not gzip or missing', async () => {
		await expect(readSnapshot(new Response(built.gzip.slice(0, built.gzip.length - 1000)))).rejects.toThrow();
		const corrupt = built.gzip.slice();
		const middle = Math.floor(corrupt.length / 2);
		corrupt[middle] = (corrupt[middle] ?? 0) ^ 0xff;
		await expect(readSnapshot(new Response(corrupt))).rejects.toThrow();
		await expect(readSnapshot(new Response(built.bytes.slice(0, 4096)))).rejects.toThrow();
		await expect(readSnapshot(new Response('missing', { status: 404 }))).rejects.toThrow(/404/);
	});
});

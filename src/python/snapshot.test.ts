/**
 * The interpreter snapshot's mechanics, in Node Pyodide, done the way the worker does them: a fresh start that
 * copies its memory and stays usable, a restore whose JavaScript side is set up again (output, input(), Stop, the
 * file-system tracer and memory reader, random reseeded), the key, and the gzip stored entry refusing damage.
 * What Node cannot show (the browser's stack switching after a restore) is tested in Chromium:
 * e2e/snapshot.spec.ts.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { helperSources } from '../../tests/node-python';
import {
	SNAPSHOT_CACHE,
	afterRestore,
	browserCapabilities,
	finishSetup,
	helpersBindingJs,
	prepareSnapshot,
	readShippedSnapshot,
	readSnapshot,
	shippedSnapshotURL,
	snapshotResponse,
	snapshotKey,
	storeSnapshot,
	takeSnapshot,
} from './snapshot';

const files = helperSources();
const indexURL = `${dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))}/`;
const KEY = 'test-key';

/** The fresh interpreter that made the snapshot (used afterwards, as the worker does), and the snapshot. */
let maker: PyodideAPI;
let bytes: Uint8Array;

interface Started {
	py: PyodideAPI;
	output: () => string;
}

function capture(py: PyodideAPI, stdin: string[] = []): Started {
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

async function restore(stdin: string[] = []): Promise<Started> {
	const py = await loadPyodide({ indexURL, _loadSnapshot: bytes } as Parameters<typeof loadPyodide>[0]);
	return capture(py, stdin);
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
	maker = await loadPyodide({ indexURL, _makeSnapshot: true } as Parameters<typeof loadPyodide>[0]);
	prepareSnapshot(maker, files, KEY);
	bytes = takeSnapshot(maker);
	finishSetup(maker, files);
}, 120_000);

describe('snapshot key', () => {
	it('changes with any helper source, the Pyodide version and the browser, not with the order of the files', async () => {
		const key = await snapshotKey('314.0.7', files, 'Chrome/156');
		expect(key).toMatch(/^[0-9a-f]{24}$/);
		const reversed = Object.fromEntries(Object.entries(files).reverse());
		expect(await snapshotKey('314.0.7', reversed, 'Chrome/156')).toBe(key);
		expect(await snapshotKey('314.0.8', files, 'Chrome/156')).not.toBe(key);
		expect(await snapshotKey('314.0.7', files, 'Chrome/157')).not.toBe(key);
		expect(
			await snapshotKey('314.0.7', { ...files, 'runner.py': `${files['runner.py']}\n# changed\n` }, 'Chrome/156')
		).not.toBe(key);
	});

	it('re-imports after a restore exactly the helpers that import a JavaScript module', () => {
		expect(helpersBindingJs(files)).toEqual(['lifecycle.fs_trace', 'lifecycle.wasm_memory']);
	});
});

describe('the fresh interpreter that made the snapshot', () => {
	it('stays usable: runs a cell and traces file-system calls', async () => {
		const { py, output } = capture(maker);
		expect(await runCell(py, 'print("still", 6 * 7)')).toMatchObject({ status: 'ok' });
		expect(output()).toContain('still 42');
		const code = 'with open("/tmp/maker.txt", "w") as f:\n    f.write("abc")';
		expect(await runCell(py, code, 'syscalls')).toMatchObject({ status: 'ok' });
		const trace = call<{ available: boolean; calls: { op: string; path: string }[] }>(py, 'lifecycle.syscalls', 'result', ['<cell 1>']);
		expect(trace.available).toBe(true);
		expect(trace.calls.some((c) => c.op === 'write' && c.path === '/tmp/maker.txt')).toBe(true);
	}, 60_000);
});

describe('a restored snapshot', () => {
	it('has the runner imported, the helper files back, and runs a cell with output and a traceback', async () => {
		const { py, output } = await restore();
		afterRestore(py, files, KEY);
		expect(py.runPython('import sys; "lifecycle.runner" in sys.modules')).toBe(true);
		expect(await runCell(py, 'import sys\nprint("hello", sys.version_info[:2])')).toMatchObject({ status: 'ok' });
		expect(output()).toContain('hello (3, 14)');
		expect(await runCell(py, 'def f():\n    1 / 0\nf()')).toMatchObject({
			status: 'error',
			error: { type: 'ZeroDivisionError' },
		});
		// inspect reads the helper files from the file system, which the snapshot does not hold.
		expect(py.runPython('import inspect, lifecycle.positions; len(inspect.getsource(lifecycle.positions)) > 0')).toBe(true);
	}, 60_000);

	it('reads input() and is interrupted (Stop) through handlers set after the restore', async () => {
		const { py, output } = await restore(['Ada\n']);
		afterRestore(py, files, KEY);
		expect(await runCell(py, 'name = input("Name? ")\nprint("hi", name)')).toMatchObject({ status: 'ok' });
		expect(output()).toContain('hi Ada');
		const interrupt = new Int32Array(new SharedArrayBuffer(4));
		py.setInterruptBuffer(interrupt);
		interrupt[0] = 2;
		expect(() => py.runPython('for i in range(3 * 10**7):\n    pass')).toThrow(/KeyboardInterrupt/);
	}, 60_000);

	it('traces file-system calls and reads the WebAssembly memory: the JavaScript modules are bound again', async () => {
		const { py } = await restore();
		afterRestore(py, files, KEY);
		const code = 'with open("/tmp/snap.txt", "w") as f:\n    f.write("abc")';
		expect(await runCell(py, code, 'syscalls')).toMatchObject({ status: 'ok' });
		const trace = call<{ available: boolean; calls: { op: string; path: string }[] }>(py, 'lifecycle.syscalls', 'result', ['<cell 1>']);
		expect(trace.available).toBe(true);
		expect(trace.calls.some((c) => c.op === 'write' && c.path === '/tmp/snap.txt')).toBe(true);
		const memory = call<{ wasmBytes: number; maxBytes: number }>(py, 'lifecycle.wasm_memory', 'now');
		expect(memory.wasmBytes).toBeGreaterThan(0);
		expect(memory.maxBytes).toBeGreaterThan(memory.wasmBytes);
	}, 60_000);

	it('gives each restore its own random numbers', async () => {
		const draw = async () => {
			const { py } = await restore();
			afterRestore(py, files, KEY);
			return py.runPython('import random; random.random()') as number;
		};
		expect(await draw()).not.toBe(await draw());
	}, 60_000);

	it('is refused when its key is not the one expected (a stale snapshot)', async () => {
		const { py } = await restore();
		expect(() => afterRestore(py, files, 'not-this-key')).toThrow(/snapshot is for key/);
	}, 60_000);
});

describe('the stored entry', () => {
	it('is the snapshot labelled with its length and SHA-256, read back whole and verified', async () => {
		const response = await snapshotResponse(bytes);
		expect(response.headers.get('x-snapshot-bytes')).toBe(String(bytes.length));
		expect(response.headers.get('x-snapshot-sha256')).toMatch(/^[0-9a-f]{64}$/);
		const back = await readSnapshot(response);
		await expect(back.verified).resolves.toBeUndefined();
		expect(Buffer.from(back.bytes).equals(Buffer.from(bytes))).toBe(true);
	});

	it('is rejected when truncated, corrupted, unlabelled or missing', async () => {
		const good = await snapshotResponse(bytes);
		const headers = good.headers;
		const body = new Uint8Array(await good.arrayBuffer());
		await expect(readSnapshot(new Response(body.slice(0, body.length - 1000), { headers }))).rejects.toThrow(/truncated/);
		const corrupt = body.slice();
		const middle = Math.floor(corrupt.length / 2);
		for (let i = 0; i < 64; i++) corrupt[middle + i] = (corrupt[middle + i] ?? 0) ^ 0xff;
		const read = await readSnapshot(new Response(corrupt, { headers }));
		await expect(read.verified).rejects.toThrow(/SHA-256/);
		await expect(readSnapshot(new Response(body))).rejects.toThrow(/unlabelled/);
		await expect(readSnapshot(new Response('missing', { status: 404 }))).rejects.toThrow(/404/);
	});

	it('is stored under its URL in the snapshot cache, replacing entries of other keys', async () => {
		const entries = new Map<string, Response>([['http://site/python-snapshot/old.bin', new Response('old')]]);
		const opened: string[] = [];
		const cache = {
			put: async (url: string, response: Response) => void entries.set(url, response),
			keys: async () => [...entries.keys()].map((url) => new Request(url)),
			delete: async (request: Request) => entries.delete(request.url),
		};
		const caches = { open: async (name: string) => (opened.push(name), cache as unknown as Cache) };
		const url = 'http://site/python-snapshot/new.bin';
		await storeSnapshot(caches, url, bytes, 'the-stamp');
		expect(entries.get(url)!.headers.get('x-snapshot-stamp')).toBe('the-stamp'); // the build names the shipped file by it
		expect(opened).toEqual([SNAPSHOT_CACHE]);
		expect([...entries.keys()]).toEqual([url]);
		const back = await readSnapshot(entries.get(url)!);
		await expect(back.verified).resolves.toBeUndefined();
		expect(back.bytes.length).toBe(bytes.length);
	});
});

describe('the shipped snapshot', () => {
	it('is named by the capabilities that decide whether a snapshot is valid: JSPI, type reflection, the engine', () => {
		const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
		const headless = chrome.replace('Chrome/', 'HeadlessChrome/');
		const jspi = { Suspending: class {}, promising: () => undefined };
		expect(browserCapabilities(jspi, chrome)).toBe('chromium Suspending=true Suspender=false promising=true Function=false');
		// The build's headless Chromium and a learner's Chrome with the same WebAssembly agree: the shipped one fits.
		expect(browserCapabilities(jspi, headless)).toBe(browserCapabilities(jspi, chrome));
		// No JSPI (an older browser) or another engine: another stamp, so the shipped file is not used.
		expect(browserCapabilities({}, chrome)).not.toBe(browserCapabilities(jspi, chrome));
		const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
		expect(browserCapabilities(jspi, firefox)).toMatch(/^gecko /);
		expect(shippedSnapshotURL('http://site/sub/python-snapshot/', 'abc123')).toBe(
			'http://site/sub/python-snapshot/shipped-abc123.snapshot'
		);
	});

	it('is read from its gzip download whole, and a damaged or missing download is refused', async () => {
		const packed = new Uint8Array(await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
		expect(packed.length).toBeLessThan(bytes.length / 2);
		const back = await readShippedSnapshot(new Response(packed));
		expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
		const damaged = packed.slice();
		for (let i = 0; i < 64; i++) damaged[Math.floor(damaged.length / 2) + i]! ^= 0xff;
		await expect(readShippedSnapshot(new Response(damaged))).rejects.toThrow();
		await expect(readShippedSnapshot(new Response(packed.slice(0, packed.length - 100)))).rejects.toThrow();
		await expect(readShippedSnapshot(new Response('missing', { status: 404 }))).rejects.toThrow(/404/);
	});
});

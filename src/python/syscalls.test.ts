import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { SyscallTrace } from '../widgets/syscall-table';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

async function record(code: string, filename = '<cell 1>'): Promise<SyscallTrace> {
	const result = await python.runCell(code, { filename, recorder: 'syscalls' });
	expect(result.status).toBe('ok');
	python.take();
	const trace = python.call<SyscallTrace | null>('lifecycle.syscalls', 'result', [filename]);
	if (!trace) throw new Error('nothing recorded');
	return trace;
}

// A module the cell writes itself, then imports: the import system's whole search is in the trace.
const WRITE_THEN_IMPORT = `import os, sys
os.makedirs("/tmp/sc_test", exist_ok=True)
with open("/tmp/sc_test/greet_sc.py", "w") as f:
    f.write("def hello():\\n    return 'hi'\\n")
sys.path.insert(0, "/tmp/sc_test")
import greet_sc
print(greet_sc.hello())
`;

describe('lifecycle.syscalls', () => {
	it('records a write and the import of the written module, one record per call (JSON shape pinned)', async () => {
		const trace = await record(WRITE_THEN_IMPORT);
		expect(Object.keys(trace).sort()).toEqual(
			['available', 'calls', 'dropped', 'filename', 'summary'].sort()
		);
		expect(trace.available).toBe(true);
		expect(Object.keys(trace.summary).sort()).toEqual(
			['bytesRead', 'bytesWritten', 'counts', 'ms', 'paths', 'total'].sort()
		);
		const source = "def hello():\n    return 'hi'\n";
		const onModule = trace.calls.filter((c) => c.path === '/tmp/sc_test/greet_sc.py');
		// Written: open, write of the source's bytes, close; then imported: stat, open, read the same bytes, close.
		const ops = onModule.map((c) => c.op);
		expect(ops.indexOf('write')).toBeGreaterThan(ops.indexOf('open'));
		expect(onModule.find((c) => c.op === 'write')?.bytes).toBe(source.length);
		const firstRead = onModule.find((c) => c.op === 'read');
		expect(firstRead?.bytes).toBe(source.length);
		expect(ops.lastIndexOf('stat')).toBeGreaterThan(ops.indexOf('write'));
		expect(ops.at(-1)).toBe('close');
		// The folder is listed once (FileFinder caches sys.path folders' contents).
		expect(trace.calls.filter((c) => c.path === '/tmp/sc_test' && c.op === 'readdir')).toHaveLength(
			1
		);
		// Pyodide's default sys.dont_write_bytecode = True: no __pycache__ written.
		expect(trace.calls.some((c) => c.path.includes('__pycache__'))).toBe(false);
		for (const call of trace.calls) {
			expect(typeof call.op).toBe('string');
			expect(typeof call.path).toBe('string');
			expect(call.ms).toBeGreaterThanOrEqual(0);
			expect(call.path.startsWith('/dev/')).toBe(false);
		}
		expect(trace.summary.total).toBe(trace.calls.length);
		expect(trace.summary.bytesWritten).toBe(
			trace.calls.filter((c) => c.op === 'write').reduce((s, c) => s + (c.bytes ?? 0), 0)
		);
		const counted = Object.values(trace.summary.counts).reduce((s, n) => s + n, 0);
		expect(counted).toBe(trace.calls.length);
		expect(trace.summary.paths).toBe(new Set(trace.calls.map((c) => c.path)).size);
	});

	it('writes a __pycache__ .pyc once the cell turns bytecode writing on', async () => {
		const trace = await record(
			WRITE_THEN_IMPORT.replaceAll('greet_sc', 'greet_pyc').replace(
				'import greet_pyc',
				'sys.dont_write_bytecode = False\nimport greet_pyc\nsys.dont_write_bytecode = True'
			),
			'<cell 2>'
		);
		const pycWrites = trace.calls.filter((c) => c.op === 'write' && c.path.includes('__pycache__'));
		expect(pycWrites.length).toBeGreaterThanOrEqual(1);
		expect(pycWrites[0]?.bytes).toBeGreaterThan(16); // a 16-byte header, then the marshalled code
	});

	it('reads the standard library from its zip when the cell imports a module not yet loaded', async () => {
		const trace = await record('import csv\n', '<cell 3>');
		const zipReads = trace.calls.filter((c) => c.path.endsWith('.zip') && c.op === 'read');
		expect(zipReads.length).toBeGreaterThanOrEqual(1);
		expect(trace.summary.bytesRead).toBeGreaterThan(0);
	});

	it('records nothing for a program that touches no file, and stops tracing after the run', async () => {
		const trace = await record('x = 6 * 7\n', '<cell 4>');
		expect(trace.calls).toEqual([]);
		expect(trace.summary.total).toBe(0);
		// Not tracing any more: a later call with no recorder leaves the finished record alone.
		await python.runCell('open("/tmp/after.txt", "w").close()\n', { filename: '<cell 4b>' });
		expect(python.call<SyscallTrace>('lifecycle.syscalls', 'result', ['<cell 4>']).calls).toEqual(
			[]
		);
	});

	it('counts the calls past the tracer’s limit as dropped', async () => {
		const trace = await record(
			'import os\nfor _ in range(2100):\n    os.stat("/tmp")\n',
			'<cell 5>'
		);
		expect(trace.calls).toHaveLength(2000);
		expect(trace.dropped).toBe(100);
		expect(trace.summary.total).toBe(2100);
	});
});

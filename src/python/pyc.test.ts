import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

interface PycResult {
	mode: string;
	folder: string;
	sourcePath: string;
	sourceSize: number;
	before: string[];
	after: string[];
	pycPath: string;
	cacheTag: string;
	size: number;
	hex: string;
	truncated: boolean;
	header: {
		magic: { hex: string; number: number; expectedHex: string; matches: boolean };
		flags: { hex: string; value: number; hashBased: boolean; checkSource: boolean };
		mtime?: { hex: string; value: number; iso: string; stat: number };
		size?: { hex: string; value: number; stat: number };
		hash?: { hex: string; sourceHash: string };
	};
	code: { co_name: string; co_filename: string; co_consts: string[]; co_names: string[]; sameAsCompile: boolean };
	run: { ok: boolean; error: string | null; output: string };
	fs: { calls: { op: string; path: string; bytes?: number }[]; dropped: number };
	error?: string;
}

const module = 'print("loaded", __name__)\nRATE = 24 * 60\n\ndef per_day(x):\n    return x * RATE\n';

describe('lifecycle.pyc.write_pyc', () => {
	it('writes __pycache__/lab_module.cpython-314.pyc through the import loader, with a timestamp header', () => {
		const r = python.call<PycResult>('lifecycle.pyc', 'write_pyc', [module, 'timestamp']);
		expect(r.before).toEqual(['lab_module.py']);
		expect(r.after).toEqual(['__pycache__/', '__pycache__/lab_module.cpython-314.pyc', 'lab_module.py']);
		expect(r.pycPath).toBe(`${r.folder}/__pycache__/lab_module.cpython-314.pyc`);
		expect(r.header.magic).toEqual({ hex: '2b 0e 0d 0a', number: 3627, expectedHex: '2b 0e 0d 0a', matches: true });
		expect(r.header.flags).toMatchObject({ value: 0, hashBased: false, checkSource: false });
		expect(r.header.mtime?.value).toBe(r.header.mtime?.stat);
		expect(r.header.mtime?.iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
		expect(r.header.size).toMatchObject({ value: module.length, stat: module.length });
		expect(r.header.hash).toBeUndefined();
		expect(r.hex.slice(0, 8)).toBe('2b0e0d0a');
		expect(r.hex.length).toBe(r.size * 2);
	});

	it('leaves sys.dont_write_bytecode as it found it (True in Pyodide)', () => {
		python.call('lifecycle.pyc', 'write_pyc', [module, 'timestamp']);
		expect(python.py.runPython('import sys; sys.dont_write_bytecode')).toBe(true);
	});

	it('records the file-system calls: read the source, make __pycache__, write the .pyc', () => {
		const r = python.call<PycResult>('lifecycle.pyc', 'write_pyc', [module, 'timestamp']);
		const ops = r.fs.calls.map((c) => `${c.op} ${c.path.replace(r.folder, '')}`);
		expect(ops).toContain('open /lab_module.py');
		expect(ops).toContain('mkdir /__pycache__');
		const write = r.fs.calls.find((c) => c.op === 'write');
		expect(write?.bytes).toBe(r.size);
		expect(r.fs.calls.some((c) => c.op === 'rename')).toBe(true);
	});

	it('marks a checked hash pyc with flags 3 and the source hash importlib computes', () => {
		const r = python.call<PycResult>('lifecycle.pyc', 'write_pyc', [module, 'checked-hash']);
		expect(r.header.flags).toMatchObject({ value: 3, hashBased: true, checkSource: true, hex: '03 00 00 00' });
		expect(r.header.hash?.hex).toBe(r.header.hash?.sourceHash);
		const truth = python.py.runPython(`import importlib.util; importlib.util.source_hash(${JSON.stringify(module)}.encode()).hex(' ')`);
		expect(r.header.hash?.hex).toBe(truth);
		expect(r.header.mtime).toBeUndefined();
	});

	it('marks an unchecked hash pyc with flags 1', () => {
		const r = python.call<PycResult>('lifecycle.pyc', 'write_pyc', [module, 'unchecked-hash']);
		expect(r.header.flags).toMatchObject({ value: 1, hashBased: true, checkSource: false });
	});

	it('loads the body back with marshal and runs it', () => {
		const r = python.call<PycResult>('lifecycle.pyc', 'write_pyc', [module, 'timestamp']);
		expect(r.code.co_name).toBe('<module>');
		expect(r.code.co_names).toEqual(['print', '__name__', 'RATE', 'per_day']);
		expect(r.code.co_consts).toContain('1440');
		expect(r.code.sameAsCompile).toBe(true);
		expect(r.run).toEqual({ ok: true, error: null, output: 'loaded lab_module\n' });
	});

	it('changes the size field when the module changes', () => {
		const a = python.call<PycResult>('lifecycle.pyc', 'write_pyc', ['x = 1\n', 'timestamp']);
		const b = python.call<PycResult>('lifecycle.pyc', 'write_pyc', ['x = 12345\n', 'timestamp']);
		expect(a.header.size?.value).toBe(6);
		expect(b.header.size?.value).toBe(10);
		expect(a.folder).not.toBe(b.folder);
	});

	it('reports a syntax error, with the calls made before it', () => {
		const r = python.call<PycResult>('lifecycle.pyc', 'write_pyc', ['x = (', 'timestamp']);
		expect(r.error).toMatch(/^SyntaxError: /);
		expect(r.fs.calls.length).toBeGreaterThan(0);
	});

	it('reports a module that raises when run', () => {
		const r = python.call<PycResult>('lifecycle.pyc', 'write_pyc', ['print("a")\n1 / 0\n', 'checked-hash']);
		expect(r.run).toEqual({ ok: false, error: 'ZeroDivisionError: division by zero', output: 'a\n' });
	});
});

interface Bench {
	copies: number;
	lines: number;
	chars: number;
	pycSize: number;
	pairs: { label: string; a: { name: string; seconds: number }; b: { name: string; seconds: number }; ratio: number; note: string }[];
	seconds: number;
	sameBytecode: boolean;
	output: string;
	error?: string;
}

describe('lifecycle.pyc.cache_bench', () => {
	const source = 'def area(w, h):\n    return w * h\n\nclass Box:\n    def __init__(self, w):\n        self.w = w\n\nprint("module body ran")\n';

	it('measures compile vs marshal.loads, import without vs with .pyc, and exec of either, within the budget', () => {
		const started = Date.now();
		const r = python.call<Bench>('lifecycle.pyc', 'cache_bench', [source, 10]);
		expect(Date.now() - started).toBeLessThan(6000);
		expect(r.copies).toBe(10);
		expect(r.lines).toBe(80);
		expect(r.pairs.map((p) => [p.a.name, p.b.name])).toEqual([
			['compile(source)', 'marshal.loads(pyc[16:])'],
			['import, no .pyc', 'import, with .pyc'],
			['exec(compiled)', 'exec(unmarshalled)'],
		]);
		const [load, imports, exec] = r.pairs;
		expect(load?.ratio).toBeGreaterThan(5);
		expect(load?.ratio).toBeCloseTo((load?.a.seconds ?? 0) / (load?.b.seconds ?? 1), 6);
		expect(imports?.ratio).toBeGreaterThan(1);
		expect(exec?.ratio).toBeGreaterThan(0.3);
		expect(exec?.ratio).toBeLessThan(3);
		expect(r.sameBytecode).toBe(true);
		expect(r.seconds).toBeLessThan(4);
		expect(r.output).toBe('module body ran\n'.repeat(10));
		expect(python.take()).toBe('');
	});

	it('picks enough copies for a module of a few hundred lines', () => {
		expect(python.py.runPython(`from lifecycle.pyc import default_copies; [default_copies('x = 1\\n' * n) for n in (1, 10, 300, 1000)]`).toJs()).toEqual([50, 30, 1, 1]);
	});

	it('reports a module that raises instead of timing it', () => {
		const r = python.call<Bench>('lifecycle.pyc', 'cache_bench', ['raise ValueError("no")\n', 1]);
		expect(r.error).toBe('ValueError: no');
		expect(r.pairs).toEqual([]);
	});
});

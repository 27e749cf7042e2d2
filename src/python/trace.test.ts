import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';

/** What lifecycle.trace.stages returns (the render function in src/widgets/trace-panels.ts reads the same). */
interface Stage {
	stage: string;
	ok: boolean;
	seconds: number | null;
	reason?: string;
	[key: string]: unknown;
}
interface Trace {
	filename: string;
	lines: number;
	syntaxError: { type: string; message: string; line: number | null } | null;
	stages: Stage[];
}
interface FsCall {
	op: string;
	path: string;
	bytes?: number;
	to?: string;
	ms: number;
	phase: 'pyc' | 'run';
}

const PROGRAM = `def countdown(n):
    total = 0
    for i in range(n):
        total += i
    return total

square = lambda x: x * x
print("sum:", countdown(10), square(3))
`;

let python: NodePython;

async function trace(code: string, filename: string): Promise<Trace> {
	await python.runCell(code, { filename, instrument: true });
	python.take();
	return python.call<Trace>('lifecycle.trace', 'stages', [code, filename]);
}

function stage(result: Trace, name: string): Stage {
	const found = result.stages.find((s) => s.stage === name);
	if (!found) throw new Error(`no ${name} stage`);
	return found;
}

beforeAll(async () => {
	python = await loadNodePython();
});

describe('lifecycle.trace.stages on a program that ran', () => {
	let result: Trace;
	beforeAll(async () => {
		result = await trace(PROGRAM, '<cell 1>');
	});

	it('gives the six stages in pipeline order, each timed', () => {
		expect(result.filename).toBe('<cell 1>');
		expect(result.lines).toBe(8);
		expect(result.syntaxError).toBeNull();
		expect(result.stages.map((s) => s.stage)).toEqual(['tokens', 'ast', 'bytecode', 'pyc', 'run', 'os']);
		for (const s of result.stages) {
			expect(s.ok, s.stage).toBe(true);
			if (s.stage !== 'os') expect(s.seconds, s.stage).toBeGreaterThanOrEqual(0);
		}
	});

	it('pins the keys of every stage (the render function reads exactly these)', () => {
		const keys = Object.fromEntries(result.stages.map((s) => [s.stage, Object.keys(s).sort()]));
		expect(Object.keys(result).sort()).toEqual(['filename', 'lines', 'stages', 'syntaxError']);
		expect(keys).toEqual({
			tokens: ['count', 'ok', 'seconds', 'stage', 'tokens', 'truncated'],
			ast: ['dump', 'nodes', 'ok', 'seconds', 'stage', 'statements', 'truncated'],
			bytecode: ['codeObjects', 'fromRun', 'ok', 'seconds', 'stage', 'total', 'truncated'],
			pyc: ['head', 'header', 'listing', 'module', 'ok', 'path', 'seconds', 'size', 'sourcePath', 'stage'],
			run: ['instructions', 'ok', 'seconds', 'stage'],
			os: ['byOp', 'bytesRead', 'bytesWritten', 'calls', 'ok', 'seconds', 'stage', 'total', 'truncated'],
		});
		const bytecode = stage(result, 'bytecode')['codeObjects'] as Record<string, unknown>[];
		expect(Object.keys(bytecode[0] ?? {}).sort()).toEqual(['count', 'firstLine', 'instructions', 'kind', 'name', 'qualname', 'truncated']);
		const calls = stage(result, 'os')['calls'] as Record<string, unknown>[];
		expect(Object.keys(calls.find((c) => c['op'] === 'write') ?? {}).sort()).toEqual(['bytes', 'ms', 'op', 'path', 'phase']);
	});

	it('tokens: the real token stream with positions', () => {
		const tokens = stage(result, 'tokens');
		expect(tokens['count']).toBe((tokens['tokens'] as unknown[]).length);
		expect((tokens['tokens'] as unknown[]).slice(0, 3)).toEqual([
			{ type: 'NAME', text: 'def', start: [1, 0], end: [1, 3] },
			{ type: 'NAME', text: 'countdown', start: [1, 4], end: [1, 13] },
			{ type: 'OP', text: '(', start: [1, 13], end: [1, 14] },
		]);
		expect((tokens['tokens'] as { type: string }[]).at(-1)?.type).toBe('ENDMARKER');
		expect(tokens['truncated']).toBe(false);
	});

	it('ast: ast.dump(indent=2) of the module', () => {
		const tree = stage(result, 'ast');
		expect(tree['statements']).toBe(3);
		expect(tree['nodes']).toBeGreaterThan(20);
		expect(tree['dump']).toMatch(/^Module\(\n {2}body=\[\n {4}FunctionDef\(\n {6}name='countdown'/);
		expect(tree['dump']).toContain("Lambda(");
	});

	it('bytecode: every code object the run executed, module first', () => {
		const bytecode = stage(result, 'bytecode');
		expect(bytecode['fromRun']).toBe(true);
		const objects = bytecode['codeObjects'] as {
			qualname: string;
			kind: string;
			count: number;
			instructions: { opname: string; offset: number; argrepr: string; line: number | null }[];
		}[];
		expect(objects.map((o) => [o.qualname, o.kind])).toEqual([
			['<module>', 'module'],
			['countdown', 'function'],
			['<lambda>', 'lambda'],
		]);
		const countdown = objects[1];
		expect(countdown?.instructions[0]).toEqual({ offset: 0, opname: 'RESUME', argrepr: '', line: 1 });
		const opnames = countdown?.instructions.map((i) => i.opname) ?? [];
		expect(opnames).toEqual(expect.arrayContaining(['FOR_ITER', 'BINARY_OP', 'JUMP_BACKWARD', 'RETURN_VALUE']));
		expect(countdown?.count).toBe(opnames.length);
	});

	it('pyc: the import system writes __pycache__/<name>.cpython-314.pyc with a real header', () => {
		const pyc = stage(result, 'pyc');
		expect(pyc['path']).toMatch(/^\/tmp\/trace-[^/]+\/__pycache__\/traced_program\.cpython-314\.pyc$/);
		expect(pyc['listing']).toEqual(['traced_program.cpython-314.pyc']);
		const header = pyc['header'] as Record<string, unknown>;
		expect(header).toMatchObject({ magic: '2b0e0d0a', magicNumber: 3627, magicMatches: true, flags: 0 });
		expect(header['sourceSize']).toBe(new TextEncoder().encode(PROGRAM).length);
		expect(header['mtime']).toBeGreaterThan(1_600_000_000);
		expect(String(pyc['head']).slice(0, 8)).toBe('2b0e0d0a');
		expect(pyc['size']).toBeGreaterThan(16);
		// The bytes shown are the file's bytes: the listing on disk agrees.
		const onDisk = python.py.runPython(`import os; os.path.getsize(${JSON.stringify(pyc['path'])})`) as number;
		expect(onDisk).toBe(pyc['size']);
		// Writing the cache must not leave bytecode writing on (Pyodide's default is off).
		expect(python.py.runPython('import sys; sys.dont_write_bytecode')).toBe(true);
	});

	it('run: the instructions the interpreter executed', () => {
		const run = stage(result, 'run');
		expect(run['instructions']).toBeGreaterThan(50);
		expect(run['seconds']).toBeGreaterThan(0);
	});

	it('os: the file-system calls, the .pyc write among them', () => {
		const os = stage(result, 'os');
		const calls = os['calls'] as FsCall[];
		const pycPath = String(stage(result, 'pyc')['path']);
		// The import system writes to a temporary name beside the .pyc, then renames it (an atomic write).
		const write = calls.find((c) => c.op === 'write' && c.path.startsWith(pycPath));
		expect(write).toMatchObject({ phase: 'pyc', bytes: stage(result, 'pyc')['size'] });
		expect(calls.find((c) => c.op === 'rename' && c.path.startsWith(pycPath))?.to).toBe(pycPath);
		expect(calls.every((c) => typeof c.ms === 'number' && c.ms >= 0)).toBe(true);
		expect(calls.some((c) => c.op === 'mkdir' && c.path.endsWith('/__pycache__'))).toBe(true);
		expect(calls.some((c) => c.op === 'read' && c.path.endsWith('/traced_program.py'))).toBe(true);
		expect(os['total']).toBe(calls.length);
		expect(os['bytesWritten']).toBe(write?.bytes);
		expect((os['byOp'] as Record<string, number>)['write']).toBe(1);
	});
});

describe('lifecycle.trace.stages on other programs', () => {
	it('counts the file-system calls of the run itself', async () => {
		const code = 'with open("/tmp/notes.txt", "w") as f:\n    f.write("hello")\n';
		const result = await trace(code, '<cell 2>');
		const calls = stage(result, 'os')['calls'] as FsCall[];
		expect(calls.filter((c) => c.phase === 'run' && c.path === '/tmp/notes.txt').map((c) => c.op)).toContain('write');
	});

	it('says which stages could not run after a SyntaxError, and why', async () => {
		const code = 'def f(:\n    pass\n';
		const result = await trace(code, '<cell 3>');
		expect(result.syntaxError).toEqual({ type: 'SyntaxError', message: 'invalid syntax', line: 1 });
		const byName = Object.fromEntries(result.stages.map((s) => [s.stage, s]));
		expect(byName['ast']).toMatchObject({ ok: false, reason: 'the parser stopped: SyntaxError at line 1: invalid syntax' });
		expect(byName['bytecode']?.ok).toBe(false);
		expect(byName['bytecode']?.reason).toMatch(/no AST/);
		expect(byName['pyc']).toMatchObject({ ok: false });
		expect(byName['pyc']?.reason).toMatch(/^no \.pyc written: .*SyntaxError at line 1/);
		expect(byName['run']).toMatchObject({ ok: false, reason: 'the program did not start: it could not be compiled' });
		// The import system still read the source before its compiler refused it; nothing was written.
		const calls = byName['os']?.['calls'] as FsCall[];
		expect(calls.some((c) => c.op === 'read')).toBe(true);
		expect(calls.some((c) => c.op === 'write')).toBe(false);
	});

	it('keeps the tokens read before a tokenizer error', async () => {
		const result = await trace('print((1,\n', '<cell 4>');
		const tokens = stage(result, 'tokens');
		expect(tokens['ok']).toBe(false);
		expect(tokens['reason']).toMatch(/^TokenError at line 1: unexpected EOF in multi-line statement$/);
		expect((tokens['tokens'] as { text: string }[]).map((t) => t.text).slice(0, 3)).toEqual(['print', '(', '(']);
	});

	it('refuses to describe a run that did not happen', () => {
		const result = python.call<Trace>('lifecycle.trace', 'stages', ['x = 1\n', '<never ran>']);
		expect(stage(result, 'run')).toMatchObject({ ok: false, reason: 'no record of a run of this code: run the cell first' });
		expect(stage(result, 'bytecode')['fromRun']).toBe(false);
	});

	it('caps what it returns for a large program', async () => {
		const code = Array.from({ length: 200 }, (_, i) => `x${i} = ${i} + 1`).join('\n');
		const result = await trace(code, '<cell 5>');
		const tokens = stage(result, 'tokens');
		expect(tokens['count']).toBeGreaterThan(400);
		expect((tokens['tokens'] as unknown[]).length).toBe(400);
		expect(tokens['truncated']).toBe(true);
		const module = (stage(result, 'bytecode')['codeObjects'] as { count: number; instructions: unknown[]; truncated: boolean }[])[0];
		expect(module?.instructions.length).toBe(300);
		expect(module?.truncated).toBe(true);
	});

	it('removes the previous trace folder', async () => {
		const first = String(stage(await trace('a = 1\n', '<cell 6>'), 'pyc')['sourcePath']);
		await trace('b = 2\n', '<cell 6>');
		const exists = python.py.runPython(`import os; os.path.exists(${JSON.stringify(first)})`) as boolean;
		expect(exists).toBe(false);
	});
});

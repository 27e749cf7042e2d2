import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import { HELPERS_DIR } from './install';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython(['Ada']);
});

describe('lifecycle.runner.run_cell', () => {
	it('runs code as __main__ and reports ok', async () => {
		const result = await python.runCell('print(__name__, 6 * 7)');
		expect(result).toEqual({ status: 'ok' });
		expect(python.take()).toBe('__main__ 42\n');
	});

	it('gives each cell a fresh namespace by default', async () => {
		await python.runCell('secret = 1');
		const result = await python.runCell('print(secret)');
		expect(result.status).toBe('error');
		expect(result.error?.type).toBe('NameError');
		python.take();
	});

	it('keeps the shared namespace between cells that opt in', async () => {
		await python.runCell('counter = 41', { shared: true });
		await python.runCell('counter += 1; print(counter)', { shared: true });
		expect(python.take()).toBe('42\n');
	});

	it('trims the traceback to the learner’s own frames', async () => {
		const code = 'def f():\n    return 1 / 0\n\nf()\n';
		const result = await python.runCell(code, { filename: '<cell 3>' });
		expect(result.status).toBe('error');
		const tb = result.error?.traceback ?? '';
		expect(tb).toMatch(/^Traceback \(most recent call last\):\n {2}File "<cell 3>", line 4, in <module>/);
		expect(tb).toContain('File "<cell 3>", line 2, in f');
		expect(tb).toContain('return 1 / 0');
		expect(tb).toMatch(/ZeroDivisionError: division by zero\n$/);
		expect(tb).not.toMatch(/_pyodide|pyodide\/|runner\.py/);
	});

	it('reports a SyntaxError with its caret and no machinery frames', async () => {
		const result = await python.runCell('x = (1,\n', { filename: '<cell 1>' });
		expect(result.error?.type).toBe('SyntaxError');
		expect(result.error?.traceback).toContain('File "<cell 1>", line 1');
		expect(result.error?.traceback).not.toMatch(/_pyodide/);
	});

	it('reports sys.exit as an exit, and the interpreter lives on', async () => {
		expect(await python.runCell('import sys; sys.exit(3)')).toEqual({ status: 'exit', exitCode: 3 });
		expect(await python.runCell('raise SystemExit')).toEqual({ status: 'exit', exitCode: null });
		expect(await python.runCell('raise SystemExit("bye")')).toEqual({ status: 'exit', exitCode: 'bye' });
		expect(await python.runCell('print("alive")')).toEqual({ status: 'ok' });
		expect(python.take()).toBe('alive\n');
	});

	it('supports top-level await', async () => {
		const result = await python.runCell('import asyncio\nawait asyncio.sleep(0)\nprint("awaited")');
		expect(result.status).toBe('ok');
		expect(python.take()).toBe('awaited\n');
	});

	it('reads input() from stdin', async () => {
		const result = await python.runCell('name = input("Name? ")\nprint("Hello", name)');
		expect(result.status).toBe('ok');
		expect(python.take()).toBe('Name? Hello Ada\n');
	});

	it('turns KeyboardInterrupt (Stop) into an interrupted result', async () => {
		const buffer = new Int32Array(new SharedArrayBuffer(4));
		python.py.setInterruptBuffer(buffer);
		buffer[0] = 2;
		const result = await python.runCell('while True:\n    pass');
		python.py.setInterruptBuffer(new Int32Array(new SharedArrayBuffer(4)));
		expect(result).toEqual({ status: 'interrupted' });
	});
});

describe('lifecycle.runner.call_json', () => {
	it('calls a helper with JSON arguments and returns JSON', () => {
		const runner = python.py.pyimport('lifecycle.runner');
		expect(JSON.parse(runner.call_json('json', 'dumps', '[[1, 2]]') as string)).toBe('[1, 2]');
	});
});

describe('run records (what widgets read after a run)', () => {
	it('keeps the code object the cell ran, with the specializations the run caused', async () => {
		const code = 'def add(a, b):\n    return a + b\n\nfor i in range(100):\n    add(i, 1)\n';
		await python.runCell(code, { filename: '<cell 9>' });
		python.take();
		const opnames = python.py.runPython(`
import dis
from lifecycle.runner import code_of
add = next(c for c in code_of(${JSON.stringify(code)}, '<cell 9>').co_consts if hasattr(c, 'co_code'))
[i.opname for i in dis.get_instructions(add, adaptive=True)]
`).toJs() as string[];
		expect(opnames).toContain('BINARY_OP_ADD_INT');
	});

	it('compiles afresh when the source differs from the last run', () => {
		const isFresh = python.py.runPython(`
from lifecycle.runner import code_of, last_run
code_of('x = 1', '<cell 9>') is not last_run('<cell 9>')['code']
`) as boolean;
		expect(isFresh).toBe(true);
	});

	it('counts instructions and records file-system calls when instrumented', async () => {
		const code = 'with open("/tmp/traced.txt", "w") as f:\n    f.write("hello")\nprint(open("/tmp/traced.txt").read())\n';
		const result = await python.runCell(code, { filename: '<cell 10>', instrument: true });
		expect(result.status).toBe('ok');
		expect(python.take()).toBe('hello\n');
		const record = python.call<{ instructions: number; seconds: number; fs: { calls: { op: string; path: string; bytes?: number }[] } }>(
			'lifecycle.runner',
			'last_run_summary',
			['<cell 10>']
		);
		expect(record.instructions).toBeGreaterThan(10);
		expect(record.seconds).toBeGreaterThanOrEqual(0);
		const calls = record.fs.calls.filter((c) => c.path === '/tmp/traced.txt');
		expect(calls.map((c) => c.op)).toEqual([
			'open',
			'lseek',
			'lseek',
			'write',
			'close',
			'open',
			'lseek',
			'read',
			'read',
			'close',
		]);
		expect(calls.find((c) => c.op === 'write')?.bytes).toBe(5);
		expect(record.fs.calls.some((c) => c.path.startsWith('/dev/'))).toBe(false);
	});

	it('counts nothing when not instrumented', async () => {
		await python.runCell('x = 1', { filename: '<cell 11>' });
		const record = python.call<{ instructions: number | null }>('lifecycle.runner', 'last_run_summary', ['<cell 11>']);
		expect(record.instructions).toBeNull();
	});
});

describe('recorders (widgets that watch the real run)', () => {
	beforeAll(() => {
		// A recorder like the stepper's, written for this test only: it notes the code object and the lines run.
		python.py.FS.writeFile(
			`${HELPERS_DIR}/probe_recorder.py`,
			[
				'import sys',
				'events = []',
				'def start(code, filename):',
				'    events.append(("start", code.co_filename, filename))',
				'    def tracer(frame, event, arg):',
				'        if frame.f_code.co_filename == filename and event == "line":',
				'            events.append(("line", frame.f_lineno))',
				'        return tracer',
				'    sys.settrace(tracer)',
				'def stop():',
				'    sys.settrace(None)',
				'    events.append(("stop",))',
			].join('\n')
		);
		python.py.runPython('import importlib; importlib.invalidate_caches()');
	});

	it('starts before the run with the compiled code and stops after it, even when the run raises', async () => {
		const result = await python.runCell('a = 1\nb = 2\nraise ValueError(a + b)\n', {
			filename: '<cell 12>',
			recorder: 'probe_recorder',
		});
		expect(result.status).toBe('error');
		const events = python.py.runPython('import lifecycle.probe_recorder as p; p.events').toJs() as unknown[][];
		expect(events).toEqual([
			['start', '<cell 12>', '<cell 12>'],
			['line', 1],
			['line', 2],
			['line', 3],
			['stop'],
		]);
		python.take();
	});
});

describe('tracebacks of runs a recorder stopped', () => {
	it('leave out the course helpers’ own frames', async () => {
		const result = await python.runCell('n = 0\nwhile True:\n    n += 1\n', { filename: '<cell 13>', recorder: 'stepper' });
		expect(result.error?.type).toBe('StepBudgetExceeded');
		expect(result.error?.traceback).toMatch(/^Traceback \(most recent call last\):\n {2}File "<cell 13>", line 3, in <module>/);
		expect(result.error?.traceback).not.toContain('site-packages/lifecycle/');
		python.take();
	});
});

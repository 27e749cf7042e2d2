import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';

interface Step {
	code: number;
	offset: number;
	opname: string;
	line: number;
	frames: { name: string; line: number; code: number }[];
	locals: [string, string][];
	stack: string[] | null;
	narration: string;
	problem: string | null;
}
interface Recording {
	filename: string;
	budget: number;
	truncated: boolean;
	monitored: boolean;
	codes: {
		name: string;
		qualname: string;
		kind: string;
		firstLine: number;
		instructions: { offset: number; opname: string; argrepr: string; line: number | null; positions: unknown }[];
	}[];
	steps: Step[];
}

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
}, 60_000);

async function record(code: string, filename = '<cell 1>') {
	const outcome = await python.runCell(code, { filename, recorder: 'stepper' });
	const recording = python.call<Recording>('lifecycle.stepper', 'result', [filename]);
	return { outcome, recording, output: python.take() };
}

const ADD = 'def add(a, b):\n    c = a + b\n    return c\n\nprint(add(6, 7))\n';

describe('lifecycle.stepper recorder', () => {
	it('records one step per instruction of the cell’s code, with the shape the page reads', async () => {
		const { outcome, recording, output } = await record(ADD);
		expect(outcome).toEqual({ status: 'ok' });
		expect(output).toBe('13\n');
		expect(Object.keys(recording).sort()).toEqual(['budget', 'codes', 'filename', 'monitored', 'steps', 'truncated']);
		expect(recording.truncated).toBe(false);
		expect(recording.codes.map((c) => c.qualname)).toEqual(['<module>', 'add']);
		expect(Object.keys(recording.steps[0] ?? {}).sort()).toEqual(
			['code', 'frames', 'line', 'locals', 'narration', 'offset', 'opname', 'problem', 'stack'].sort()
		);
		const ops = recording.steps.map((s) => `${recording.codes[s.code]?.name}:${s.opname}`);
		expect(ops).toEqual([
			'<module>:RESUME', '<module>:LOAD_CONST', '<module>:MAKE_FUNCTION', '<module>:STORE_NAME',
			'<module>:LOAD_NAME', '<module>:PUSH_NULL', '<module>:LOAD_NAME', '<module>:PUSH_NULL',
			'<module>:LOAD_SMALL_INT', '<module>:LOAD_SMALL_INT', '<module>:CALL',
			'add:RESUME', 'add:LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'add:BINARY_OP', 'add:STORE_FAST',
			'add:LOAD_FAST_BORROW', 'add:RETURN_VALUE',
			'<module>:CALL', '<module>:POP_TOP', '<module>:LOAD_CONST', '<module>:RETURN_VALUE',
		]);
		// Each step's offset is a row of its code object's listing.
		for (const step of recording.steps)
			expect(recording.codes[step.code]?.instructions.some((i) => i.offset === step.offset)).toBe(true);
		expect(recording.steps.every((s) => s.problem === null)).toBe(true);
	});

	it('models the value stack: the two loads, BINARY_OP, the store, the checked return', async () => {
		const { recording } = await record(ADD);
		const inAdd = recording.steps.filter((s) => recording.codes[s.code]?.name === 'add');
		const [resume, loads, binary, store, load, ret] = inAdd;
		expect(resume?.stack).toEqual([]);
		expect(resume?.narration).toBe('RESUME: the frame of add(a=6, b=7) starts, with an empty value stack.');
		expect(loads?.stack).toEqual(['6', '7']);
		expect(binary?.stack).toEqual(['13']);
		expect(binary?.narration).toBe('BINARY_OP (+) popped 6 and 7 and pushed 13.');
		expect(store?.stack).toEqual([]);
		expect(store?.locals).toEqual([['a', '6'], ['b', '7'], ['c', '13']]);
		expect(load?.stack).toEqual(['13']);
		expect(ret?.narration).toBe('RETURN_VALUE popped 13 and returned it to the caller.');
		expect(binary?.frames).toEqual([
			{ name: '<module>', line: 5, code: 0 },
			{ name: 'add', line: 2, code: 1 },
		]);
		// The caller's CALL pushes the real return value.
		const call = recording.steps.filter((s) => s.opname === 'CALL')[0];
		expect(call?.stack).toEqual(['<built-in function print>', 'NULL', '13']);
	});

	const PROGRAMS: Record<string, { code: string; opnames: string[]; output: string }> = {
		'loops, comparisons, branches, augmented assignment, subscript': {
			code:
				'def f(xs, d):\n    s = 0\n    for x in xs:\n        if x > 1 and x in d:\n            s += d[x] * -x\n' +
				'        elif not x:\n            s -= 1\n    return s\n\nprint(f([0, 1, 2, 3], {2: 5}))\n',
			opnames: ['GET_ITER', 'FOR_ITER', 'POP_ITER', 'COMPARE_OP', 'POP_JUMP_IF_FALSE',
				'NOT_TAKEN', 'JUMP_BACKWARD', 'CONTAINS_OP', 'BINARY_OP', 'UNARY_NEGATIVE', 'TO_BOOL',
				'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'STORE_FAST', 'RETURN_VALUE'],
			output: '-11\n',
		},
		'tuples, swaps, comprehensions, f-strings, methods, globals': {
			code:
				'def g(xs):\n    a, b = 1, 2\n    a, b = b, a\n    ys = [y ** 2 for y in xs]\n    n = len(ys)\n' +
				'    m = xs.count(1)\n    return (a, b), ys, f"{n}!", {"m": m}\n\nprint(g([1, 2, 3]))\n',
			opnames: ['STORE_FAST_STORE_FAST', 'LOAD_FAST_LOAD_FAST', 'LOAD_FAST_AND_CLEAR', 'SWAP', 'BUILD_LIST',
				'STORE_FAST_LOAD_FAST', 'LIST_APPEND', 'LOAD_GLOBAL', 'LOAD_ATTR', 'CALL', 'FORMAT_SIMPLE',
				'BUILD_STRING', 'BUILD_TUPLE', 'BUILD_MAP', 'LOAD_CONST'],
			output: "((2, 1), [1, 4, 9], '3!', {'m': 1})\n",
		},
		'division, floor division, modulo, list literals, unpacking, copy': {
			code:
				'def h(n):\n    q, r = divmod(n, 7)\n    xs = [n / 4, n // 4, n % 4, n - 1, *[q, r]]\n' +
				'    xs[0] = 0\n    k = n if n > 3 else -n\n    return xs, k, n is None, not k\n\nprint(h(30))\n',
			opnames: ['UNPACK_SEQUENCE', 'LIST_EXTEND', 'STORE_SUBSCR', 'IS_OP', 'UNARY_NOT'],
			output: '([0, 7, 2, 29, 4, 2], 30, False, False)\n',
		},
		'module-level names and a recursive function': {
			code: 'def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\n\nresult = fact(4)\nprint(result)\n',
			opnames: ['LOAD_NAME', 'STORE_NAME', 'MAKE_FUNCTION', 'PUSH_NULL', 'POP_TOP'],
			output: '24\n',
		},
	};

	for (const [name, program] of Object.entries(PROGRAMS)) {
		it(`models ${name} without disagreeing with the real run`, async () => {
			const { outcome, recording, output } = await record(program.code);
			expect(outcome).toEqual({ status: 'ok' });
			expect(output).toBe(program.output);
			const problems = recording.steps.filter((s) => s.problem !== null);
			expect(problems.map((s) => `${s.opname}: ${s.problem}`)).toEqual([]);
			const seen = new Set(recording.steps.map((s) => s.opname));
			for (const opname of program.opnames) expect(seen, opname).toContain(opname);
			// Every step's stack is shown; RETURN_VALUE steps passed the check against the real return value.
			expect(recording.steps.every((s) => Array.isArray(s.stack))).toBe(true);
		});
	}

	it('pushes the real return value of a recursive call and computes with it', async () => {
		const { recording } = await record(PROGRAMS['module-level names and a recursive function']?.code ?? '');
		const products = recording.steps.filter((s) => s.opname === 'BINARY_OP').map((s) => s.narration);
		expect(products).toEqual([
			'BINARY_OP (-) popped 4 and 1 and pushed 3.',
			'BINARY_OP (-) popped 3 and 1 and pushed 2.',
			'BINARY_OP (-) popped 2 and 1 and pushed 1.',
			'BINARY_OP (*) popped 2 and 1 and pushed 2.',
			'BINARY_OP (*) popped 3 and 2 and pushed 6.',
			'BINARY_OP (*) popped 4 and 6 and pushed 24.',
		]);
		const deepest = Math.max(...recording.steps.map((s) => s.frames.length));
		expect(deepest).toBe(5);
	});

	it('says plainly where the model stops: an exception, an opcode it does not model', async () => {
		const { recording } = await record(
			'def f():\n    try:\n        return 1 / 0\n    except ZeroDivisionError:\n        return -1\n\nprint(f())\n'
		);
		const first = recording.steps.find((s) => s.problem !== null);
		expect(first?.opname).toBe('BINARY_OP');
		expect(first?.stack).toBeNull();
		expect(first?.problem).toMatch(/An exception \(ZeroDivisionError\) was raised.*the stack is not shown from here/);
		// The module's own frame goes on being modelled: the call pushed the real -1.
		const call = recording.steps.filter((s) => s.opname === 'CALL' && s.frames.length === 1)[0];
		expect(call?.stack).toEqual(['<built-in function print>', 'NULL', '-1']);

		const gen = await record('def gen():\n    yield 1\n\nprint(list(gen()))\n');
		expect(gen.recording.steps.some((s) => /^not modelled: generator/.test(s.problem ?? ''))).toBe(true);
		expect(gen.output).toBe('[1]\n');
	});

	it('records only the cell’s own code objects', async () => {
		const { recording } = await record('import json\ntext = json.dumps([1, 2])\nprint(text)\n');
		expect(recording.codes.map((c) => c.qualname)).toEqual(['<module>']);
		expect(new Set(recording.steps.flatMap((s) => s.frames.map((f) => f.name)))).toEqual(new Set(['<module>']));
		expect(recording.steps.map((s) => s.problem).filter(Boolean)).toEqual([]);
		const imported = recording.steps.find((s) => s.opname === 'STORE_NAME');
		expect(imported?.narration).toBe("STORE_NAME popped <module 'json'> and stored it in json.");
		const store = recording.steps.find((s) => s.opname === 'STORE_NAME' && s.narration.includes('text'));
		expect(store?.narration).toBe("STORE_NAME popped '[1, 2]' and stored it in text.");
	});

	it('stops a program that never ends at the step budget, keeping the steps it recorded', async () => {
		const { outcome, recording } = await record('n = 0\nwhile True:\n    n += 1\n');
		expect(outcome.status).toBe('error');
		expect(outcome.error?.type).toBe('StepBudgetExceeded');
		expect(outcome.error?.message).toBe('the stepper stopped the program after 2000 instructions (its step budget)');
		expect(recording.truncated).toBe(true);
		expect(recording.steps).toHaveLength(recording.budget);
		expect(recording.steps.at(-2)?.stack).not.toBeNull();
		// The interpreter is free again: the next plain run works and no monitoring tool is left behind.
		expect(await python.runCell('import sys\nprint(sys.monitoring.get_tool(0), sys.monitoring.get_tool(1))')).toEqual({
			status: 'ok',
		});
		expect(python.take()).toBe('None None\n');
	});

	it('shows values with safe, bounded reprs that never call the learner’s __repr__', async () => {
		const { recording, output } = await record(
			'class P:\n    def __repr__(self):\n        print("repr called")\n        return "P()"\n\np = P()\nxs = list(range(100))\n'
		);
		expect(output).toBe('');
		const last = recording.steps.at(-1);
		expect(last?.locals).toContainEqual(['p', '<P object>']);
		expect(last?.locals).toContainEqual(['xs', '[0, 1, 2, 3, 4, 5, 6, 7, …]']);
	});
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { Explored } from '../widgets/specialize-view';

interface Row {
	offset: number;
	opname: string;
	baseopname: string;
	argrepr: string;
	line: number | null;
	counter: { value: number; backoff: number } | null;
}
interface Fn {
	index: number;
	qualname: string;
	firstLine: number;
	argcount: number;
	params: string[];
	alive: boolean;
	instructions: Row[];
	truncated: boolean;
}

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

const ADD = 'def add(a, b):\n    return a + b\n\nclass P:\n    def getx(self):\n        return self.x\n\nsquare = lambda n: n * n\n';

async function explored(code: string, filename: string): Promise<Explored> {
	const result = await python.runCell(code, { filename, recorder: 'specialize' });
	expect(result.status).toBe('ok');
	return python.call<Explored>('lifecycle.specialize', 'explore', [filename, code]);
}

function opnames(fn: Fn | undefined): string[] {
	return (fn?.instructions ?? []).map((row) => row.opname);
}

describe('lifecycle.specialize', () => {
	it('finds every function the cell defined (methods and lambdas too), unspecialized when never called', async () => {
		const data = await explored(ADD, '<cell s1>');
		expect(data.recorded).toBe(true);
		expect(data.jit).toEqual({ available: false, enabled: false });
		expect(data.functions.map((f) => [f.qualname, f.alive, f.argcount, f.params])).toEqual([
			['add', true, 2, ['a', 'b']],
			['P.getx', true, 1, ['self']],
			['<lambda>', true, 1, ['n']],
		]);
		expect(opnames(data.functions[0])).toEqual(['RESUME', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'BINARY_OP', 'RETURN_VALUE']);
		const binary = data.functions[0]?.instructions[2];
		expect(binary).toMatchObject({ offset: 4, opname: 'BINARY_OP', baseopname: 'BINARY_OP', argrepr: '+', line: 2 });
		// A never-run instruction's counter: value 1, backoff 1 (facts.md §6: 0x0011).
		expect(binary?.counter).toEqual({ value: 1, backoff: 1 });
	});

	it('shows what the run itself caused: specialized on the 2nd execution, with the counter reset to 52', async () => {
		const data = await explored('def add(a, b):\n    return a + b\n\nadd(1, 2)\nadd(3, 4)\n', '<cell s2>');
		expect(opnames(data.functions[0])).toEqual(['RESUME_CHECK', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'BINARY_OP_ADD_INT', 'RETURN_VALUE']);
		expect(data.functions[0]?.instructions[2]).toMatchObject({ baseopname: 'BINARY_OP', counter: { value: 52, backoff: 0 } });
	});

	it('warms a function up N times with arguments evaluated in the cell namespace', async () => {
		await explored('def add(a, b):\n    return a + b\nTWO = (1.5, 2.5)\n', '<cell s3>');
		expect(python.call('lifecycle.specialize', 'warm', ['<cell s3>', 0, 1, 'TWO'])).toEqual({ calls: 1, error: null });
		let data = python.call<Explored>('lifecycle.specialize', 'explore', ['<cell s3>', '']);
		expect(opnames(data.functions[0])).toContain('BINARY_OP');
		python.call('lifecycle.specialize', 'warm', ['<cell s3>', 0, 10, 'TWO']);
		data = python.call<Explored>('lifecycle.specialize', 'explore', ['<cell s3>', '']);
		expect(opnames(data.functions[0])).toContain('BINARY_OP_ADD_FLOAT');
		// Other types: strings miss the float guard; after 53 misses it re-specializes.
		python.call('lifecycle.specialize', 'warm', ['<cell s3>', 0, 100, '("a", "b")']);
		data = python.call<Explored>('lifecycle.specialize', 'explore', ['<cell s3>', '']);
		expect(opnames(data.functions[0])).toContain('BINARY_OP_ADD_UNICODE');
		expect(python.call('lifecycle.specialize', 'last_result')).toEqual({ calls: 100, error: null });
	});

	it('one value stands for a one-argument tuple; errors are reported, not raised', async () => {
		await explored('def sq(n):\n    return n * n\n', '<cell s4>');
		expect(python.call('lifecycle.specialize', 'warm', ['<cell s4>', 0, 3, '4'])).toEqual({ calls: 3, error: null });
		expect(python.call('lifecycle.specialize', 'warm', ['<cell s4>', 0, 3, 'nope'])).toEqual({
			calls: 0,
			error: "The arguments could not be evaluated: NameError: name 'nope' is not defined",
		});
		expect(python.call('lifecycle.specialize', 'warm', ['<cell s4>', 0, 3, '(None,)'])).toEqual({
			calls: 0,
			error: "The call raised TypeError: unsupported operand type(s) for *: 'NoneType' and 'NoneType'",
		});
		expect(python.call('lifecycle.specialize', 'warm', ['<cell s4>', 7, 3, '1'])).toMatchObject({ calls: 0, error: 'No function object of this code is alive after the run.' });
	});

	it('a function whose object is gone is listed, but cannot be warmed', async () => {
		const data = await explored('def make():\n    def inner():\n        return 1\n    return inner\nmake()\n', '<cell s5>');
		expect(data.functions.map((f) => [f.qualname, f.alive])).toEqual([
			['make', true],
			['make.<locals>.inner', false],
		]);
	});

	it('times cold first calls of fresh copies against warm calls, within the budget', async () => {
		await explored('def add(a, b):\n    return a + b\nfor i in range(10):\n    add(i, i)\n', '<cell s6>');
		const result = python.call<{ error: null; timings: { cold: { seconds: number; calls: number }; warm: { seconds: number; calls: number }; ratio: number } }>(
			'lifecycle.specialize',
			'time_calls',
			['<cell s6>', 0, '(1, 2)']
		);
		expect(result.error).toBeNull();
		expect(result.timings.cold.calls).toBeGreaterThan(0);
		expect(result.timings.cold.calls).toBeLessThanOrEqual(1000);
		expect(result.timings.warm.seconds).toBeGreaterThan(0);
		expect(result.timings.ratio).toBeCloseTo(result.timings.cold.seconds / result.timings.warm.seconds);
	});

	it('a fresh copy from code.replace() starts unspecialized, while the original keeps its specializations', () => {
		const out = python.py.runPython(`
import dis, types
def add(a, b):
    return a + b
for i in range(5): add(i, i)
from lifecycle.specialize import _fresh_copy
copy = _fresh_copy(add)
[[i.opname for i in dis.get_instructions(f, adaptive=True)][2] for f in (add, copy)]
`) as { toJs(): string[] };
		expect(out.toJs()).toEqual(['BINARY_OP_ADD_INT', 'BINARY_OP']);
	});
});

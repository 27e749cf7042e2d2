import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { MeasuredFunction, MemoryBars } from '../widgets/memory-bars';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

afterAll(() => {
	python.py.runPython('import tracemalloc; tracemalloc.stop()');
});

async function measure(code: string, filename: string): Promise<MemoryBars> {
	python.take();
	await python.runCell(code, { filename, recorder: 'memory_bars' });
	const data = python.call<MemoryBars | null>('lifecycle.memory_bars', 'result', [filename]);
	if (!data) throw new Error('nothing recorded');
	return data;
}

function fn(data: MemoryBars, name: string): MeasuredFunction {
	const found = data.functions.find((f) => f.name === name);
	if (!found) throw new Error(`${name} not measured`);
	return found;
}

const INSTANCES = `import array

class Plain:
    def __init__(self):
        self.x = 1
        self.y = 2

class Slotted:
    __slots__ = ("x", "y")
    def __init__(self):
        self.x = 1
        self.y = 2

def plain():
    return [Plain() for _ in range(10_000)]

def slotted():
    return [Slotted() for _ in range(10_000)]

def squares_gen():
    return (i * i for i in range(10_000))

def squares_list():
    return [i * i for i in range(10_000)]

def ints():
    return array.array("i", range(10_000))

def small():
    return 5

def needs(x):
    return x

print("defined")
`;

describe('lifecycle.memory_bars', () => {
	it('measures what each zero-argument function keeps alive (JSON shape pinned)', async () => {
		const data = await measure(INSTANCES, '<cell 1>');
		expect(python.take()).toBe('defined\n');
		expect(Object.keys(data).sort()).toEqual(
			[
				'filename',
				'functions',
				'limits',
				'overhead',
				'pointerSize',
				'skipped',
				'status',
				'stopped',
				'tracemallocWasTracing',
			].sort()
		);
		expect(data.status).toBe('measured');
		expect(data.pointerSize).toBe(4);
		expect(data.tracemallocWasTracing).toBe(false);
		expect(data.functions.map((f) => f.name)).toEqual([
			'plain',
			'slotted',
			'squares_gen',
			'squares_list',
			'ints',
			'small',
		]);
		expect(data.skipped).toEqual([{ name: 'needs', reason: 'needs arguments' }]);
		const plain = fn(data, 'plain');
		expect(Object.keys(plain).sort()).toEqual(
			[
				'budget',
				'error',
				'generator',
				'kept',
				'line',
				'ms',
				'name',
				'peak',
				'resultLength',
				'resultType',
				'shallow',
			].sort()
		);
		expect(plain).toMatchObject({ line: 14, resultType: 'list', resultLength: 10000, error: null, budget: null });
	});

	it('finds by tracemalloc what getsizeof cannot see: 10k plain instances outweigh 10k slotted ones', async () => {
		const data = await measure(INSTANCES, '<cell 2>');
		const plain = fn(data, 'plain');
		const slotted = fn(data, 'slotted');
		// getsizeof sees only the list, the same for both ...
		expect(plain.shallow).toBe(slotted.shallow);
		expect(python.py.runPython(`import sys
class Plain:
    def __init__(self):
        self.x, self.y = 1, 2
class Slotted:
    __slots__ = ("x", "y")
    def __init__(self):
        self.x, self.y = 1, 2
[sys.getsizeof(Plain()), sys.getsizeof(Slotted())]`).toJs()).toEqual([24, 24]);
		// ... tracemalloc sees every instance: the list plus 10k objects, and more for the plain ones.
		expect(slotted.kept ?? 0).toBeGreaterThan(10_000 * 24);
		expect(plain.kept ?? 0).toBeGreaterThan((slotted.kept ?? 0) + 10_000 * 8);
		expect(plain.peak ?? 0).toBeGreaterThanOrEqual(plain.kept ?? 0);
	});

	it('measures a generator as small and its list as large; an array of ints near its getsizeof', async () => {
		const data = await measure(INSTANCES, '<cell 3>');
		const gen = fn(data, 'squares_gen');
		const list = fn(data, 'squares_list');
		expect(gen).toMatchObject({ resultType: 'generator', resultLength: null });
		expect(gen.kept ?? Infinity).toBeLessThan(1024);
		expect(list.kept ?? 0).toBeGreaterThan(100 * (gen.kept ?? 0));
		// A list's getsizeof counts its 10k pointers, not the int objects they point to.
		expect(list.kept ?? 0).toBeGreaterThan(3 * (list.shallow ?? 0));
		const ints = fn(data, 'ints');
		expect(ints).toMatchObject({ resultType: 'array', resultLength: 10000 });
		// 4-byte C ints in one buffer that the array owns: getsizeof and tracemalloc agree.
		expect(ints.shallow ?? 0).toBeGreaterThanOrEqual(40_000);
		expect(ints.kept).toBe(ints.shallow);
		// A cached small int already existed: nothing kept, though getsizeof says 16.
		expect(fn(data, 'small')).toMatchObject({ kept: 0, shallow: 16 });
	});

	it('reports functions that raise or run over the budget, and never hangs', async () => {
		python.py.runPython('import lifecycle.memory_bars as m; m.SECONDS_PER_FUNCTION = 0.2');
		try {
			const data = await measure(
				`def boom():
    raise ValueError("no")

def forever():
    while True:
        pass

def later_ok():
    print("not shown")
    return bytearray(1000)

async def coro():
    return 1
`,
				'<cell 4>'
			);
			expect(python.take()).toBe('');
			expect(fn(data, 'boom')).toMatchObject({ error: { type: 'ValueError', message: 'no' }, kept: null });
			expect(fn(data, 'forever')).toMatchObject({ budget: 'time', kept: null });
			expect(fn(data, 'later_ok').kept ?? 0).toBeGreaterThanOrEqual(1000);
			expect(data.skipped).toEqual([{ name: 'coro', reason: 'async' }]);
			// Every sys.monitoring tool id is free again.
			expect(python.py.runPython('import sys; [sys.monitoring.get_tool(i) for i in range(6)]').toJs()).toEqual(
				[null, null, null, null, null, null].map(() => undefined)
			);
		} finally {
			python.py.runPython('import lifecycle.memory_bars as m; m.SECONDS_PER_FUNCTION = 1.5');
		}
	});

	it('says what it expects when the cell defines no candidate or does not finish', async () => {
		expect((await measure('x = [1, 2, 3]\ndef f(a):\n    return a\n', '<cell 5>')).status).toBe('no-functions');
		const failed = await measure('def f():\n    return []\nraise SystemExit(1)\n', '<cell 6>');
		expect(failed.status).toBe('not-finished');
		expect(failed.functions).toEqual([]);
	});

	it('leaves a tracemalloc the program started tracing, and stops its own', async () => {
		await measure('def f():\n    return [0] * 100\n', '<cell 7>');
		expect(python.py.runPython('import tracemalloc; tracemalloc.is_tracing()')).toBe(false);
		const data = await measure(
			'import tracemalloc\ntracemalloc.start()\nkeep = [1] * 50\ndef f():\n    return [0] * 100\n',
			'<cell 8>'
		);
		expect(data.tracemallocWasTracing).toBe(true);
		expect(fn(data, 'f').kept).toBe(fn(data, 'f').shallow);
		expect(python.py.runPython('import tracemalloc; tracemalloc.is_tracing()')).toBe(true);
	});
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { Collection, Timeline } from '../widgets/gc-timeline';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

async function record(code: string, filename = '<cell 1>'): Promise<Timeline> {
	const result = await python.runCell(code, { filename, recorder: 'gc_timeline' });
	expect(result.status).toBe('ok');
	python.take();
	const timeline = python.call<Timeline | null>('lifecycle.gc_timeline', 'result', [filename]);
	if (!timeline) throw new Error('nothing recorded');
	return timeline;
}

const CYCLES = `class Node:
    def __init__(self):
        self.other = None

for i in range(20_000):
    a, b = Node(), Node()
    a.other, b.other = b, a
`;

describe('lifecycle.gc_timeline', () => {
	it('records the automatic collections of a loop that makes cyclic garbage (JSON shape pinned)', async () => {
		const timeline = await record(CYCLES);
		expect(Object.keys(timeline).sort()).toEqual(
			[
				'collections',
				'countAtEnd',
				'countAtStart',
				'dropped',
				'durationMs',
				'enabled',
				'filename',
				'largest',
				'maxEvents',
				'threshold',
				'totalCollected',
				'totalUncollectable',
			].sort()
		);
		expect(timeline.collections.length).toBeGreaterThanOrEqual(1);
		const first = timeline.collections[0] as Collection;
		expect(Object.keys(first).sort()).toEqual(
			[
				'collected',
				'countBefore',
				'durationMs',
				'explicit',
				'generation',
				'index',
				'startMs',
				'uncollectable',
			].sort()
		);
		expect(first.countBefore).toHaveLength(3);
		expect(timeline.collections.map((c) => c.index)).toEqual(timeline.collections.map((_, i) => i));
		expect(timeline.collections.some((c) => c.collected > 0)).toBe(true);
		expect(timeline.collections.every((c) => !c.explicit)).toBe(true);
		// Pyodide's CPython 3.14.2 runs the incremental collector: automatic collections are generation 1.
		expect(new Set(timeline.collections.map((c) => c.generation))).toEqual(new Set([1]));
		expect(timeline.threshold).toEqual([2000, 10, 0]);
		expect(timeline.totalCollected).toBe(
			timeline.collections.reduce((sum, c) => sum + c.collected, 0)
		);
		const largest = timeline.collections[timeline.largest ?? -1] as Collection;
		expect(largest.collected).toBe(Math.max(...timeline.collections.map((c) => c.collected)));
		const starts = timeline.collections.map((c) => c.startMs);
		expect(starts).toEqual([...starts].sort((a, b) => a - b));
		expect(starts.every((ms) => ms >= 0 && ms <= timeline.durationMs)).toBe(true);
	});

	it('marks gc.collect() calls as explicit, with the generation they asked for', async () => {
		const timeline = await record(`import gc
class Node:
    pass
a, b = Node(), Node()
a.other, b.other = b, a
del a, b
freed = gc.collect()
gc.collect(0)
print(freed)
`);
		const explicit = timeline.collections.filter((c) => c.explicit);
		expect(explicit.map((c) => c.generation)).toEqual([2, 0]);
		expect(explicit[0]?.collected).toBeGreaterThanOrEqual(2);
		// gc.collect is itself again once the run is over.
		expect(python.py.runPython('import gc; type(gc.collect).__name__')).toBe(
			'builtin_function_or_method'
		);
		expect(
			python.py.runPython(
				'import gc; len([c for c in gc.callbacks if c.__module__ == "lifecycle.gc_timeline"])'
			)
		).toBe(0);
	});

	it('returns gc.collect’s own result to the program', async () => {
		await python.runCell(
			'import gc\nclass N: pass\nx = N(); x.me = x\ndel x\nprint(gc.collect())\n',
			{
				filename: '<cell 4>',
				recorder: 'gc_timeline',
			}
		);
		expect(Number(python.take())).toBeGreaterThanOrEqual(1);
	});

	it('records nothing but the counts for a program that makes no garbage', async () => {
		const timeline = await record('x = 6 * 7\n', '<cell 5>');
		expect(timeline.collections).toEqual([]);
		expect(timeline.largest).toBeNull();
		expect(timeline.countAtStart).toHaveLength(3);
	});

	it('caps the stored collections and counts the rest', async () => {
		python.py.runPython('import lifecycle.gc_timeline as t; t.MAX_EVENTS = 3');
		try {
			const timeline = await record(
				'import gc\nfor _ in range(5):\n    gc.collect(0)\n',
				'<cell 6>'
			);
			expect(timeline.collections).toHaveLength(3);
			expect(timeline.dropped).toBe(2);
		} finally {
			python.py.runPython('import lifecycle.gc_timeline as t; t.MAX_EVENTS = 5000');
		}
	});
});

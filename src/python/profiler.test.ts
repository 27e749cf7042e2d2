import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { Profile, ProfileNode, ProfileRow } from '../widgets/profile-view';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

async function profile(code: string, filename = '<cell 1>'): Promise<Profile> {
	const result = await python.runCell(code, { filename, recorder: 'profiler' });
	expect(result.status).toBe('ok');
	python.take();
	const recorded = python.call<Profile | null>('lifecycle.profiler', 'result', [filename]);
	if (!recorded) throw new Error('nothing recorded');
	return recorded;
}

/** The tree as (name, calls) pairs, nested: what the icicle draws, without the times that vary. */
type Shape = [string, number, Shape[]];
function shape(node: ProfileNode): Shape {
	return [node.name, node.calls, node.children.map(shape)];
}

function walk(nodes: ProfileNode[], visit: (node: ProfileNode, parent: ProfileNode | null) => void): void {
	const stack: [ProfileNode, ProfileNode | null][] = nodes.map((n) => [n, null]);
	while (stack.length > 0) {
		const [node, parent] = stack.pop() as [ProfileNode, ProfileNode | null];
		visit(node, parent);
		for (const child of node.children) stack.push([child, node]);
	}
}

function row(profile: Profile, name: string): ProfileRow {
	const found = profile.rows.find((r) => r.name === name);
	if (!found) throw new Error(`no row ${name}`);
	return found;
}

const MAIN_A_B = `def a():
    return sum(range(2000))

def b():
    return a() + 1

def main():
    a()
    a()
    b()

main()
`;

describe('lifecycle.profiler', () => {
	it('turns main calling a twice and b once (b calls a) into a tree with those counts (JSON pinned)', async () => {
		const result = await profile(MAIN_A_B);
		expect(Object.keys(result).sort()).toEqual(
			[
				'error',
				'filename',
				'functions',
				'hasEstimates',
				'hasRecursion',
				'nodesCut',
				'primitiveCalls',
				'rows',
				'rowsDropped',
				'totalCalls',
				'totalTime',
				'tree',
			].sort()
		);
		expect(result.error).toBeNull();
		expect(result.tree).toHaveLength(1);
		const root = result.tree[0] as ProfileNode;
		expect(Object.keys(root).sort()).toEqual(
			['calls', 'children', 'estimated', 'id', 'name', 'recursive', 'row', 'self', 'time'].sort()
		);
		// The children are ordered largest first; sort them by name to pin the shape.
		const sorted = (s: Shape): Shape => [s[0], s[1], s[2].map(sorted).sort((x, y) => x[0].localeCompare(y[0]))];
		expect(sorted(shape(root))).toEqual([
			'<module>',
			1,
			[
				[
					'main',
					1,
					[
						['a', 2, [['sum', 2, []]]],
						['b', 1, [['a', 1, [['sum', 1, []]]]]],
					],
				],
			],
		]);
		// Only the learner's functions and what they called: none of the runner's or the profiler's frames.
		expect(result.rows.map((r) => r.name).sort()).toEqual(['<module>', 'a', 'b', 'main', 'sum']);
		expect(result.totalCalls).toBe(1 + 1 + 3 + 1 + 3);
		const a = row(result, 'a');
		expect(a).toMatchObject({ ncalls: 3, primitive: 3, file: '<cell 1>', line: 1, label: '<cell 1>:1(a)' });
		expect(row(result, 'sum')).toMatchObject({ file: null, line: null, label: '<built-in method builtins.sum>' });
		expect(a.percallTot).toBeCloseTo(a.tottime / 3, 12);
		expect(a.percallCum).toBeCloseTo(a.cumtime / 3, 12);
		// Every node points at its function's row.
		walk(result.tree, (node) => expect(result.rows[node.row]?.name).toBe(node.name));
	});

	it('keeps times consistent: children never add up to more than their parent, self time never negative', async () => {
		const result = await profile(MAIN_A_B, '<cell 2>');
		walk(result.tree, (node) => {
			const children = node.children.reduce((sum, child) => sum + child.time, 0);
			expect(children).toBeLessThanOrEqual(node.time + 1e-12);
			expect(node.self).toBeGreaterThanOrEqual(0);
			expect(node.self).toBeCloseTo(node.time - children, 9);
		});
		expect(result.totalTime).toBeCloseTo((result.tree[0] as ProfileNode).time, 12);
		for (const r of result.rows) {
			expect(r.tottime).toBeLessThanOrEqual(r.cumtime + 1e-12);
			expect(Number.isFinite(r.cumtime)).toBe(true);
		}
		// Rows come sorted by own time, as pstats' "tottime" order.
		const own = result.rows.map((r) => r.tottime);
		expect(own).toEqual([...own].sort((x, y) => y - x));
		expect(result.rows.map((r) => r.id)).toEqual(result.rows.map((_, i) => i));
	});

	it('cuts recursion: a function already on the path is a leaf marked recursive', async () => {
		const result = await profile(
			`def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

fib(12)
`,
			'<cell 3>'
		);
		const root = result.tree[0] as ProfileNode;
		const fib = root.children.find((c) => c.name === 'fib') as ProfileNode;
		expect(fib).toMatchObject({ calls: 1, recursive: false });
		expect(fib.children.map((c) => [c.name, c.recursive])).toEqual([['fib', true]]);
		// The recursive leaf carries all 464 calls fib made to itself; nothing here is shared out.
		expect(fib.children[0]?.calls).toBe(464);
		expect([fib.estimated, fib.children[0]?.estimated]).toEqual([false, false]);
		expect(fib.children[0]?.children).toEqual([]);
		expect(result.hasRecursion).toBe(true);
		const fibRow = row(result, 'fib');
		// fib(12) makes 465 calls, one of them primitive (not itself recursive): pstats prints 465/1.
		expect([fibRow.ncalls, fibRow.primitive]).toEqual([465, 1]);
	});

	it('shares a function’s callees between the paths that reach it, and marks them estimated', async () => {
		const result = await profile(
			`def leaf():
    return sum(range(500))

def shared():
    return leaf()

def left():
    return shared()

def right():
    return shared()

left(); right()
`,
			'<cell 4>'
		);
		expect(result.hasEstimates).toBe(true);
		const estimatedLeaves: ProfileNode[] = [];
		walk(result.tree, (node) => {
			if (node.name === 'leaf') estimatedLeaves.push(node);
		});
		expect(estimatedLeaves).toHaveLength(2);
		expect(estimatedLeaves.every((n) => n.estimated)).toBe(true);
	});

	it('finds coroutines the event loop ran as roots of their own, and caps the tree', async () => {
		const result = await profile(
			`import asyncio

async def work():
    return sum(range(100))

task = asyncio.ensure_future(work())
await asyncio.sleep(0)
await task
`,
			'<cell 5>'
		);
		expect(result.tree.map((n) => n.name)).toContain('<module>');
		expect(result.tree.map((n) => n.name)).toContain('work');
		expect(result.rows.some((r) => r.label.includes('runner.py'))).toBe(false);

		python.py.runPython('import lifecycle.profiler as p; p.MAX_NODES = 3');
		try {
			const capped = await profile(MAIN_A_B, '<cell 6>');
			let count = 0;
			walk(capped.tree, () => count++);
			expect(count).toBe(3);
			expect(capped.nodesCut).toBeGreaterThan(0);
		} finally {
			python.py.runPython('import lifecycle.profiler as p; p.MAX_NODES = 400');
		}
	});

	it('records nothing but says why when the learner’s own profiler is on, and leaves it alone', async () => {
		await python.runCell('import cProfile\nmine = cProfile.Profile()\nmine.enable()\n', {
			filename: '<cell 7>',
			shared: true,
		});
		try {
			const next = await profile('x = 1\n', '<cell 8>');
			expect(next.error).toMatch(/Another profiling tool is already active/);
			expect(next.tree).toEqual([]);
		} finally {
			const off = await python.runCell('mine.disable()\n', { filename: '<cell 9>', shared: true });
			expect(off.status).toBe('ok');
		}
		// With the slot free again, profiled runs record.
		const again = await profile('x = 1\n', '<cell 10>');
		expect(again.error).toBeNull();
		expect(again.tree.map((n) => n.name)).toEqual(['<module>']);
	});
});

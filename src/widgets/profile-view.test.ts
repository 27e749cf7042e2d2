// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SORT,
	ICICLE_WIDTH,
	formatCalls,
	formatSeconds,
	layout,
	render,
	renderIcicle,
	renderTable,
	sortRows,
	summary,
	type Profile,
	type ProfileNode,
	type ProfileRow,
} from './profile-view';

function row(id: number, name: string, fields: Partial<ProfileRow>): ProfileRow {
	const ncalls = fields.ncalls ?? 1;
	const primitive = fields.primitive ?? ncalls;
	const tottime = fields.tottime ?? 0;
	const cumtime = fields.cumtime ?? tottime;
	return {
		id,
		name,
		label: fields.label ?? `<cell 1>:${fields.line ?? 1}(${name})`,
		file: fields.file === undefined ? '<cell 1>' : fields.file,
		line: fields.line === undefined ? 1 : fields.line,
		ncalls,
		primitive,
		tottime,
		percallTot: tottime / ncalls,
		cumtime,
		percallCum: cumtime / primitive,
	};
}

function node(id: number, rowId: number, name: string, calls: number, time: number, children: ProfileNode[] = [], flags: Partial<ProfileNode> = {}): ProfileNode {
	const inChildren = children.reduce((sum, c) => sum + c.time, 0);
	return { id, row: rowId, name, calls, time, self: time - inChildren, estimated: false, recursive: false, children, ...flags };
}

/** main calls a twice and b once; b calls a; a calls sum. Times in seconds. */
const PROFILE: Profile = {
	filename: '<cell 1>',
	totalTime: 0.01,
	totalCalls: 9,
	primitiveCalls: 9,
	functions: 5,
	rows: [
		row(0, 'sum', { ncalls: 3, tottime: 0.006, file: null, line: null, label: '<built-in method builtins.sum>' }),
		row(1, 'a', { ncalls: 3, tottime: 0.0015, cumtime: 0.0075, line: 1 }),
		row(2, 'main', { tottime: 0.001, cumtime: 0.0095, line: 7 }),
		row(3, '<module>', { tottime: 0.0005, cumtime: 0.01, line: 1 }),
		row(4, 'b', { tottime: 0.0005, cumtime: 0.003, line: 4 }),
	],
	rowsDropped: 0,
	tree: [
		node(0, 3, '<module>', 1, 0.01, [
			node(1, 2, 'main', 1, 0.0095, [
				node(2, 1, 'a', 2, 0.005, [node(3, 0, 'sum', 2, 0.004, [], { estimated: true })]),
				node(4, 4, 'b', 1, 0.003, [
					node(5, 1, 'a', 1, 0.0025, [node(6, 0, 'sum', 1, 0.002, [], { estimated: true })]),
				]),
			]),
		]),
	],
	nodesCut: 0,
	hasRecursion: false,
	hasEstimates: true,
	error: null,
};

describe('profile view', () => {
	it('lays frames out by inclusive time, children under their parent from its left edge', () => {
		const frames = layout(PROFILE);
		expect(frames.map((f) => [f.node.name, f.depth])).toEqual([
			['<module>', 0],
			['main', 1],
			['a', 2],
			['sum', 3],
			['b', 2],
			['a', 3],
			['sum', 4],
		]);
		const [module, main, a, , b] = frames;
		expect(module?.width).toBe(ICICLE_WIDTH);
		expect(main?.width).toBeCloseTo(950, 6);
		expect(a?.x).toBe(0);
		expect(b?.x).toBeCloseTo(500, 6);
		expect(b?.parent).toBe(1);
		// A child never reaches past its parent's right edge.
		for (const frame of frames) {
			if (frame.parent === null) continue;
			const parent = frames[frame.parent];
			expect(frame.x + frame.width).toBeLessThanOrEqual((parent?.x ?? 0) + (parent?.width ?? 0) + 1e-9);
		}
	});

	it('draws one rect per frame carrying data-frame, with a title', () => {
		const svg = renderIcicle(PROFILE, { document });
		const rects = [...svg.querySelectorAll('rect[data-frame]')];
		expect(rects.map((r) => r.getAttribute('data-frame'))).toEqual(['<module>', 'main', 'a', 'sum', 'b', 'a', 'sum']);
		expect(rects.every((r) => r.querySelector('title')?.textContent)).toBe(true);
		expect(svg.querySelector('[data-frame="b"] title')?.textContent).toBe(
			'b (<cell 1>:4); 1 call here, 3.00 ms (30.0% of the run), 500 µs in itself'
		);
		// One tab stop; the other frames are reached with the arrow keys.
		expect([...svg.querySelectorAll('g[tabindex="0"]')]).toHaveLength(1);
		expect(svg.querySelector('g[data-frame="sum"]')?.getAttribute('aria-label')).toContain('time shared out');
		expect(svg.outerHTML).toMatchSnapshot();
	});

	it('leaves out frames too thin to see, and marks recursion', () => {
		const profile: Profile = {
			...PROFILE,
			hasRecursion: true,
			tree: [
				node(0, 3, '<module>', 1, 1, [
					node(1, 2, 'fib', 1, 0.9999, [node(2, 2, 'fib', 464, 0.9, [], { recursive: true })]),
					node(3, 0, 'sum', 1, 0.0001),
				]),
			],
		};
		const svg = renderIcicle(profile, { document });
		expect([...svg.querySelectorAll('rect')].map((r) => r.getAttribute('data-frame'))).toEqual(['<module>', 'fib', 'fib']);
		expect(svg.querySelector('.pv-recursive text')?.textContent).toBe('↻ fib');
	});

	it('sorts the table by any column, both ways, marking the column with aria-sort', () => {
		expect(sortRows(PROFILE.rows, DEFAULT_SORT).map((r) => r.name)).toEqual(['sum', 'a', 'main', '<module>', 'b']);
		expect(sortRows(PROFILE.rows, { key: 'cumtime', descending: true }).map((r) => r.name)).toEqual([
			'<module>',
			'main',
			'a',
			'sum',
			'b',
		]);
		expect(sortRows(PROFILE.rows, { key: 'ncalls', descending: false }).map((r) => r.name)).toEqual([
			'main',
			'<module>',
			'b',
			'sum',
			'a',
		]);
		expect(sortRows(PROFILE.rows, { key: 'name', descending: false }).map((r) => r.name)).toEqual([
			'<module>',
			'a',
			'b',
			'main',
			'sum',
		]);
		const table = renderTable(PROFILE, { key: 'cumtime', descending: false }, { document });
		expect([...table.querySelectorAll('th[aria-sort]')].map((th) => [th.textContent, th.getAttribute('aria-sort')])).toEqual([
			['cumtime ▲', 'ascending'],
		]);
		expect([...table.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-function'))).toEqual([
			'b',
			'sum',
			'a',
			'main',
			'<module>',
		]);
		expect(table.querySelectorAll('thead button[data-sort]')).toHaveLength(6);
		expect(table.outerHTML).toMatchSnapshot();
	});

	it('formats calls and times like pstats, with units a 5 µs clock can be read in', () => {
		expect(formatCalls({ ncalls: 465, primitive: 1 })).toBe('465/1');
		expect(formatCalls({ ncalls: 3, primitive: 3 })).toBe('3');
		expect([0, 4.2e-6, 0.00042, 0.0042, 0.042, 1.5].map(formatSeconds)).toEqual([
			'0',
			'4.2 µs',
			'420 µs',
			'4.20 ms',
			'42.0 ms',
			'1.500 s',
		]);
	});

	it('renders the whole widget, or a reason when nothing was recorded', () => {
		const whole = render(PROFILE, DEFAULT_SORT, { document, clock: 'The clock steps 5 µs here.' });
		expect(whole.querySelector('[data-profile-summary]')?.textContent).toBe(
			'9 function calls to 5 functions in 10.0 ms, as cProfile measured them.'
		);
		expect(whole.querySelector('.pv-notes')?.textContent).toContain('shared out in proportion');
		expect(whole.outerHTML).toMatchSnapshot();
		const blocked = { ...PROFILE, tree: [], rows: [], error: 'Another profiling tool is already active' };
		const text = summary(blocked);
		expect(text).toContain('not profiled');
		expect(render(blocked, DEFAULT_SORT, { document }).querySelector('svg')).toBeNull();
	});
});

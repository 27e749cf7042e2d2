// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
	formatMs,
	markSize,
	render,
	summary,
	TABLE_ROWS,
	type Collection,
	type Timeline,
} from './gc-timeline';

function collection(index: number, extra: Partial<Collection> = {}): Collection {
	return {
		index,
		generation: 1,
		startMs: index * 10,
		durationMs: 0.25,
		collected: 0,
		uncollectable: 0,
		explicit: false,
		countBefore: [2001, 0, 0],
		...extra,
	};
}

const TIMELINE: Timeline = {
	filename: '<cell 1>',
	durationMs: 50,
	collections: [
		collection(0, { collected: 1951 }),
		collection(1),
		collection(2, { collected: 34010 }),
		collection(3, { generation: 2, explicit: true, collected: 4040, startMs: 45 }),
		collection(4, { generation: 0, explicit: true, startMs: 46 }),
	],
	dropped: 0,
	maxEvents: 5000,
	countAtStart: [34, 0, 0],
	countAtEnd: [3, 0, 0],
	threshold: [2000, 10, 0],
	enabled: true,
	totalCollected: 1951 + 34010 + 4040,
	totalUncollectable: 0,
	largest: 2,
};

describe('gc-timeline render', () => {
	it('draws a mark per collection with its index, generation and count, and a table of the same numbers', () => {
		const root = render(TIMELINE, { document });
		expect(root.outerHTML).toMatchSnapshot();
		const marks = [...root.querySelectorAll<HTMLElement>('[data-collection]')];
		expect(marks.map((m) => m.dataset['collection']).sort()).toEqual(['0', '1', '2', '3', '4']);
		const mark3 = root.querySelector<HTMLElement>('[data-collection="3"]');
		expect(mark3?.dataset['generation']).toBe('2');
		expect(mark3?.dataset['collected']).toBe('4040');
		expect(mark3?.classList.contains('gct-explicit')).toBe(true);
		expect(mark3?.closest('[data-lane]')?.getAttribute('data-lane')).toBe('2');
		expect(mark3?.style.left).toBe('90%');
		const rows = [...root.querySelectorAll('tbody tr')];
		expect(rows).toHaveLength(5);
		expect([...(rows[2]?.children ?? [])].map((c) => c.textContent)).toEqual([
			'3',
			'20.0 ms',
			'1',
			'0.25 ms',
			'34,010',
			'0',
			'the interpreter',
			'(2001, 0, 0)',
		]);
		expect(rows[3]?.textContent).toContain('gc.collect()');
		expect(root.querySelector('.gct-chart')?.getAttribute('role')).toBe('img');
		expect(root.querySelector('.gct-generations')?.textContent).toContain(
			'1 = young objects and one increment of the old'
		);
	});

	it('summarises: N collections; M objects collected; largest in generation G', () => {
		expect(summary(TIMELINE)).toBe(
			'5 collections; 40,001 objects collected; largest in generation 1 (#3, 34,010 objects). 2 were asked for with gc.collect().'
		);
		expect(render(TIMELINE, { document }).querySelector('[data-gc-summary]')?.textContent).toBe(
			summary(TIMELINE)
		);
	});

	it('says so when nothing was collected or no collection ran', () => {
		const idle: Timeline = {
			...TIMELINE,
			collections: [collection(0)],
			totalCollected: 0,
			largest: null,
		};
		expect(summary(idle)).toBe('1 collection; 0 objects collected; none of them freed anything.');
		const none: Timeline = { ...idle, collections: [] };
		expect(summary(none)).toMatch(/^No collection ran: the program did not allocate enough/);
		const root = render(none, { document });
		expect(root.querySelector('[data-collection]')).toBeNull();
		expect(root.querySelector('table')).toBeNull();
		expect(summary({ ...none, enabled: false })).toContain('gc.disable()');
	});

	it('sizes marks by the square root of what they freed', () => {
		expect(markSize(0, 100)).toBe(8);
		expect(markSize(100, 100)).toBe(28);
		expect(markSize(25, 100)).toBe(19);
	});

	it('formats durations with few digits', () => {
		expect(formatMs(0.123)).toBe('0.12 ms');
		expect(formatMs(12.34)).toBe('12.3 ms');
		expect(formatMs(1234.5)).toBe('1,235 ms');
	});

	it('lists at most TABLE_ROWS rows but marks every stored collection, and counts dropped ones', () => {
		const many = Array.from({ length: TABLE_ROWS + 20 }, (_, i) => collection(i, { startMs: i }));
		const root = render(
			{
				...TIMELINE,
				collections: many,
				largest: null,
				totalCollected: 0,
				durationMs: 400,
				dropped: 7,
			},
			{ document }
		);
		expect(root.querySelectorAll('tbody tr')).toHaveLength(TABLE_ROWS);
		expect(root.querySelectorAll('[data-collection]')).toHaveLength(TABLE_ROWS + 20);
		expect(root.querySelector('.gct-table-box .gct-more')?.textContent).toBe(
			'and 27 more collections not listed.'
		);
		expect(root.textContent).toContain('7 later ones were counted but not drawn');
	});
});

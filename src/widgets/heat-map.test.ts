// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { formatSeconds, formatShare, heat, render, summary, type HeatMap } from './heat-map';

const SOURCE = `def square_sum(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

print(square_sum(100))
`;

const MAP: HeatMap = {
	filename: '<cell 1>',
	available: true,
	lines: [
		{ line: 1, hits: 1, seconds: 0.000002, share: 0.002 },
		{ line: 2, hits: 1, seconds: 0.000001, share: 0.001 },
		{ line: 3, hits: 101, seconds: 0.0003, share: 0.3 },
		{ line: 4, hits: 100, seconds: 0.000607, share: 0.607 },
		{ line: 5, hits: 1, seconds: 0.00001, share: 0.01 },
		{ line: 7, hits: 1, seconds: 0.00008, share: 0.08 },
	],
	events: 205,
	maxEvents: 200_000,
	truncated: false,
	totalSeconds: 0.001,
	wallSeconds: 0.0012,
	hottest: 4,
	mostHits: 3,
};

describe('heat-map', () => {
	it('formats shares and times readably', () => {
		expect(formatShare(0.607)).toBe('61%');
		expect(formatShare(0.0123)).toBe('1.2%');
		expect(formatShare(0.0004)).toBe('<0.1%');
		expect(formatShare(0)).toBe('0%');
		expect(formatSeconds(0.000607)).toBe('607 µs');
		expect(formatSeconds(0.0000052)).toBe('5.2 µs');
		expect(formatSeconds(0.0123)).toBe('12.3 ms');
		expect(formatSeconds(0)).toBe('0 µs');
		expect(formatSeconds(0.0009999)).toBe('1.00 ms');
		expect(heat(0.3, 0.6)).toBeCloseTo(0.5);
		expect(heat(0, 0)).toBe(0);
	});

	it('names the hottest line in a sentence, and the busiest when it is another', () => {
		expect(summary(MAP, SOURCE)).toBe(
			'The hottest line is line 4 (total += i * i): about 61% of the time (607 µs of 1.00 ms), run 100 times. Line 3 ran most often: 101 times.'
		);
	});

	it('shows every source line with its hits and share as text beside it, shaded by its heat', () => {
		const root = render(MAP, SOURCE, { document });
		expect(root.outerHTML).toMatchSnapshot();
		const rows = [...root.querySelectorAll<HTMLElement>('tbody tr')];
		expect(rows.map((r) => r.dataset['line'])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
		const cells = (r: HTMLElement) => [...r.children].map((c) => c.textContent);
		expect(cells(rows[3] as HTMLElement)).toEqual([
			'4',
			'100',
			'61%',
			'607 µs',
			'        total += i * i',
		]);
		// A blank line has no numbers, and no heat.
		expect(cells(rows[5] as HTMLElement)).toEqual(['6', '', '', '', '']);
		expect(rows[5]?.style.getPropertyValue('--hm-heat')).toBe('');
		expect(rows[3]?.style.getPropertyValue('--hm-heat')).toBe('1.000');
		expect(rows[2]?.style.getPropertyValue('--hm-heat')).toBe('0.494');
		expect(rows[3]?.classList.contains('hm-hottest')).toBe(true);
		expect(rows[3]?.dataset['hits']).toBe('100');
		expect(root.querySelector('.hm-table-box')?.getAttribute('tabindex')).toBe('0');
		expect(root.querySelector('.hm-truncated')).toBeNull();
	});

	it('says when counting stopped at the budget', () => {
		const root = render({ ...MAP, truncated: true, maxEvents: 50 }, SOURCE, { document });
		expect(root.querySelector('.hm-truncated')?.textContent).toContain(
			'Counting stopped after 50 line events'
		);
	});

	it('explains when nothing could be recorded', () => {
		const root = render(
			{ ...MAP, available: false, lines: [], hottest: null, mostHits: null },
			SOURCE,
			{ document }
		);
		expect(root.textContent).toContain('every sys.monitoring tool id was taken');
		expect(root.querySelector('table')).toBeNull();
	});
});

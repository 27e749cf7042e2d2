// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
	axisRange,
	formatSeconds,
	render,
	stacking,
	summary,
	ticks,
	type Timing,
} from './timeit-view';

const TIMES = [1.5e-6, 1.23e-6, 1.31e-6, 1.3e-6, 2.4e-6];

const TIMING: Timing = {
	status: 'ok',
	message: null,
	statement: 'total = sum(x * x for x in data)',
	line: 3,
	endLine: 3,
	setupStatements: 2,
	setupLines: [1, 2],
	number: 10_000,
	repeats: 5,
	requestedRepeats: 5,
	times: TIMES,
	min: 1.23e-6,
	median: 1.31e-6,
	max: 2.4e-6,
	granularity: 5e-6,
	clockResolution: 1e-9,
	budgetSeconds: 1,
	totalSeconds: 0.42,
	stoppedByBudget: false,
	error: null,
};

describe('timeit-view', () => {
	it('formats times as timeit does, three significant digits in the fitting unit', () => {
		expect(formatSeconds(1.234e-6)).toBe('1.23 µs');
		expect(formatSeconds(12.34e-6)).toBe('12.3 µs');
		expect(formatSeconds(123.4e-6)).toBe('123 µs');
		expect(formatSeconds(0.0015)).toBe('1.50 ms');
		expect(formatSeconds(4.2e-8)).toBe('42.0 ns');
		expect(formatSeconds(2.5)).toBe('2.50 s');
	});

	it('summarises: min per loop, median, repeats of loops', () => {
		expect(summary(TIMING)).toBe(
			'min 1.23 µs per loop, median 1.31 µs, 5 repeats of 10,000 loops.'
		);
	});

	it('puts round ticks inside the axis, and stacks dots that would overlap', () => {
		const [low, high] = axisRange(TIMES);
		expect(low).toBeLessThan(1.23e-6);
		expect(high).toBeGreaterThan(2.4e-6);
		const marks = ticks(low, high);
		expect(marks.length).toBeGreaterThanOrEqual(2);
		expect(marks.every((t) => t >= low && t <= high)).toBe(true);
		expect(stacking([10, 10.4, 50, 10.9, 90])).toEqual([0, 1, 0, 2, 0]);
	});

	it('draws every repeat as a dot, marks the min and the median, and lists every repeat', () => {
		const root = render(TIMING, { document, idPrefix: 't1', repeats: 5 });
		expect(root.outerHTML).toMatchSnapshot();
		const dots = [...root.querySelectorAll<HTMLElement>('[data-repeat]')];
		expect(dots.map((d) => Number(d.dataset['seconds']))).toEqual(TIMES);
		expect(root.querySelectorAll('.ti-dot-min')).toHaveLength(1);
		const min = root.querySelector<HTMLElement>('[data-marker="min"]');
		const median = root.querySelector<HTMLElement>('[data-marker="median"]');
		expect(min?.textContent).toBe('min');
		expect(median?.textContent).toBe('median');
		// The min sits left of the median, and the fastest dot exactly on the min line.
		expect(parseFloat(min?.style.left ?? '')).toBeLessThan(parseFloat(median?.style.left ?? ''));
		expect(root.querySelector<HTMLElement>('.ti-dot-min')?.style.left).toBe(min?.style.left);
		const rows = [...root.querySelectorAll('tbody tr')].map((tr) =>
			[...tr.children].map((c) => c.textContent)
		);
		expect(rows[1]).toEqual(['2', '1.23 µs', 'the minimum']);
		expect(rows[4]).toEqual(['5', '2.40 µs', '+95.1%']);
		expect(root.querySelector('[data-timeit-summary]')?.textContent).toBe(summary(TIMING));
		expect(root.querySelector('.ti-chart')?.getAttribute('aria-label')).toContain(
			'min 1.23 µs, median 1.31 µs'
		);
		const select = root.querySelector<HTMLSelectElement>('select[data-timeit-repeats]');
		expect(select?.value).toBe('5');
		expect(root.querySelector(`label[for="${select?.id}"]`)?.textContent).toBe('Repeats');
		expect(root.querySelector('.ti-what')?.textContent).toContain('lines 1–2) ran once');
		expect(root.querySelector('.ti-facts')?.textContent).toContain('step by 5.00 µs');
		expect(root.querySelector('.ti-why a')?.getAttribute('href')).toBe(
			'https://docs.python.org/3/library/timeit.html#timeit.Timer.repeat'
		);
	});

	it('says when the budget cut the repeats short', () => {
		const root = render({ ...TIMING, requestedRepeats: 20, stoppedByBudget: true }, { document });
		expect(root.querySelector('.ti-budget')?.textContent).toBe(
			'Only 5 repeats of the 20 asked for: each took about 12.3 ms, and timing stops after 1.00 s.'
		);
	});

	it('shows the message, and no chart, when there is nothing to time', () => {
		const message =
			'The last statement (line 3) defines the function area: timing it would only time making the function.';
		const root = render(
			{
				...TIMING,
				status: 'definition',
				message,
				times: [],
				min: null,
				median: null,
				max: null,
				number: null,
				repeats: 0,
			},
			{ document }
		);
		expect(root.outerHTML).toMatchSnapshot();
		expect(root.dataset['status']).toBe('definition');
		expect(root.querySelector('[data-timeit-summary]')?.textContent).toBe(message);
		expect(root.querySelector('.ti-chart')).toBeNull();
		expect(root.querySelector('form')).toBeNull();
	});
});

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
	comparison,
	failure,
	peakSentence,
	formatBytes,
	render,
	summary,
	type MeasuredFunction,
	type MemoryBars,
} from './memory-bars';

function measured(name: string, extra: Partial<MeasuredFunction> = {}): MeasuredFunction {
	return {
		name,
		line: 1,
		generator: false,
		resultType: 'list',
		resultLength: 10000,
		shallow: 42588,
		kept: 482572,
		peak: 482780,
		error: null,
		budget: null,
		ms: 100,
		...extra,
	};
}

const DATA: MemoryBars = {
	filename: '<cell 1>',
	status: 'measured',
	functions: [
		measured('plain', { line: 13 }),
		measured('slotted', { line: 16, kept: 282588, peak: 282798 }),
		measured('squares_gen', {
			line: 28,
			generator: true,
			resultType: 'generator',
			resultLength: null,
			shallow: 104,
			kept: 208,
			peak: 344,
		}),
		measured('boom', { line: 31, resultType: null, resultLength: null, shallow: null, kept: null, peak: null, error: { type: 'ValueError', message: 'no' } }),
		measured('forever', { line: 34, resultType: null, resultLength: null, shallow: null, kept: null, peak: null, budget: 'time' }),
	],
	skipped: [
		{ name: 'needs', reason: 'needs arguments' },
		{ name: 'later', reason: 'async' },
	],
	tracemallocWasTracing: false,
	stopped: false,
	limits: { maxFunctions: 8, secondsPerFunction: 1.5, totalSeconds: 5, memoryBudget: 67108864 },
	pointerSize: 4,
	overhead: { kept: 32, peak: 128 },
};

describe('memory-bars render', () => {
	it('draws three labelled bars per measured function on one scale, with the numbers in text', () => {
		const root = render(DATA, { document });
		expect(root.outerHTML).toMatchSnapshot();
		const plain = root.querySelector<HTMLElement>('[data-function="plain"]');
		expect(plain?.dataset['kept']).toBe('482572');
		expect(plain?.dataset['shallow']).toBe('42588');
		const rows = [...(plain?.querySelectorAll<HTMLElement>('[data-figure]') ?? [])];
		expect(rows.map((r) => r.dataset['figure'])).toEqual(['kept', 'peak', 'shallow']);
		expect(rows.map((r) => r.querySelector('.mb-value')?.textContent)).toEqual([
			'482,572 B (471 KiB)',
			'482,780 B (471 KiB)',
			'42,588 B (41.6 KiB)',
		]);
		// The largest figure of all fills its track; the others are in proportion.
		const fill = (fn: string, figure: string) =>
			root.querySelector<HTMLElement>(`[data-function="${fn}"] [data-figure="${figure}"] .mb-fill`)?.style.width ?? '';
		expect(parseFloat(fill('plain', 'peak'))).toBe(100);
		expect(parseFloat(fill('slotted', 'kept'))).toBeCloseTo((282588 / 482780) * 100, 2);
		expect(parseFloat(fill('squares_gen', 'shallow'))).toBe(0.4);
		expect(root.querySelectorAll('.mb-track[aria-hidden="true"]')).toHaveLength(9);
		expect(root.querySelector('[data-function="slotted"] figcaption')?.textContent).toBe('slotted() → list of 10,000 line 16');
	});

	it('says why a function has no bars: raised, over the time or memory budget', () => {
		const root = render(DATA, { document });
		expect(root.querySelector('[data-function="boom"] .mb-problem')?.textContent).toBe('It raised ValueError: no. Nothing measured.');
		expect(root.querySelector('[data-function="boom"] [data-figure]')).toBeNull();
		expect(root.querySelector('[data-function="forever"]')?.textContent).toContain('1.5 s');
		expect(failure(measured('big', { budget: 'memory' }), DATA.limits)).toContain('67,108,864 B (64.0 MiB)');
		expect(root.querySelector('.mb-skipped')?.textContent).toBe(
			'Not called: needs (needs arguments); later (async def: calling it only creates a coroutine).'
		);
	});

	it('summarises and compares getsizeof with tracemalloc in words', () => {
		expect(summary(DATA)).toBe('3 functions measured; the result of plain() keeps the most alive: 482,572 B (471 KiB).');
		expect(comparison(measured('plain'))).toBe(
			'getsizeof says 42,588 B (41.6 KiB), but the result keeps 482,572 B (471 KiB) alive: 11× more, in the objects it refers to.'
		);
		expect(comparison(DATA.functions[2] as MeasuredFunction)).toMatch(/^A generator keeps its paused frame/);
		expect(comparison(measured('five', { resultType: 'int', shallow: 16, kept: 0 }))).toMatch(/^Nothing new was kept/);
		expect(comparison(measured('arr', { resultType: 'array', shallow: 40380, kept: 40380 }))).toMatch(/roughly agree/);
		const total = measured('total', { resultType: 'int', shallow: 20, kept: 24, peak: 1091018 });
		expect(peakSentence(total)).toBe(
			'On the way it needed up to 1,091,018 B (1.0 MiB) at once, all but 24 B freed before it returned.'
		);
		expect(peakSentence(measured('plain'))).toBe('');
		expect(render({ ...DATA, functions: [total] }, { document }).querySelector('.mb-sentence')?.textContent).toMatch(
			/^On the way it needed up to .* roughly agree/
		);
	});

	it('explains what the widget expects when there is nothing to measure', () => {
		const none = render({ ...DATA, status: 'no-functions', functions: [], overhead: null }, { document });
		expect(none.outerHTML).toMatchSnapshot();
		expect(none.querySelector('[data-memory-status="no-functions"]')?.textContent).toContain('takes no arguments');
		const unfinished = render({ ...DATA, status: 'not-finished', functions: [], skipped: [] }, { document });
		expect(unfinished.textContent).toMatch(/^The cell did not run to its end/);
		expect(unfinished.querySelector('.mb-skipped')).toBeNull();
	});

	it('notes a tracemalloc the program had already started, and a Stop', () => {
		const root = render({ ...DATA, tracemallocWasTracing: true, stopped: true }, { document });
		expect(root.querySelector('[data-was-tracing]')?.textContent).toContain('already tracing');
		expect(root.textContent).toContain('Stopped before every function was measured.');
	});

	it('formats bytes exactly, with a rounded unit when large', () => {
		expect(formatBytes(44)).toBe('44 B');
		expect(formatBytes(40380)).toBe('40,380 B (39.4 KiB)');
		expect(formatBytes(40000028)).toBe('40,000,028 B (38.1 MiB)');
	});
});

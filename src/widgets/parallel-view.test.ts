// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
	doneText,
	formatMs,
	formatSpeedup,
	interpretation,
	progressText,
	render,
	renderProblem,
	resultSentence,
	type ParallelTiming,
} from './parallel-view';

const TIMING: ParallelTiming = {
	workers: 2,
	hardwareConcurrency: 2,
	startupMs: 4321.5,
	warmupMs: [512.3, 530.9],
	sequential: { wallMs: 1000, runsMs: [498.2, 497.1] },
	parallel: { wallMs: 520, runsMs: [505.5, 511.25] },
	speedup: 1000 / 520,
};

describe('parallel-view render', () => {
	it('draws both sides with wall and per-run times, and carries the speedup on the figure', () => {
		const root = render(TIMING, { document });
		expect(root.outerHTML).toMatchSnapshot();
		const figure = root.querySelector<HTMLElement>('figure[data-parallel]');
		expect(figure?.dataset['speedup']).toBe('1.923');
		expect(figure?.dataset['workers']).toBe('2');
		const rows = [...root.querySelectorAll<HTMLElement>('.parallel-row')];
		expect(rows.map((r) => r.dataset['side'])).toEqual(['sequential', 'parallel']);
		expect(rows.map((r) => r.querySelector('.parallel-time')?.textContent)).toEqual([
			'1.00 s',
			'520 ms',
		]);
		expect(rows[0]?.querySelector('.parallel-label')?.textContent).toBe(
			'1 worker, 2 runs in a row'
		);
		expect([...(rows[0]?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual([
			'run 1: 498 ms',
			'run 2: 497 ms',
		]);
		expect([...(rows[1]?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual([
			'worker 1: 506 ms',
			'worker 2: 511 ms',
		]);
		// Bars are relative to the slower side; they are a picture of the written times, hidden from screen readers.
		expect(rows[0]?.querySelector<HTMLElement>('.parallel-fill')?.style.width).toBe('100%');
		expect(rows[1]?.querySelector<HTMLElement>('.parallel-fill')?.style.width).toBe('52%');
		expect(rows[0]?.querySelector('.parallel-track')?.getAttribute('aria-hidden')).toBe('true');
		expect(root.querySelector('.parallel-speedup')?.textContent).toBe('speedup ×1.92');
		const counted = root.querySelector('.parallel-counted')?.textContent ?? '';
		expect(counted).toContain('starting the 2 interpreters (4.32 s)');
		expect(counted).toContain('(512 ms, 531 ms)');
		expect(counted).toContain('navigator.hardwareConcurrency = 2 logical processors');
		const why = root.querySelector('.parallel-why')?.textContent ?? '';
		expect(why).toContain('its own GIL');
		expect(why).toContain('ProcessPoolExecutor');
		expect(why).toContain('not of threads');
	});

	it('says when the browser does not report its cores', () => {
		const root = render({ ...TIMING, hardwareConcurrency: null }, { document });
		expect(root.querySelector('.parallel-counted')?.textContent).toContain(
			'does not say how many logical processors'
		);
	});

	it('renders a problem as text, never as markup', () => {
		const p = renderProblem('Your code raised ValueError in worker 2: <b>no</b>', { document });
		expect(p.outerHTML).toMatchInlineSnapshot(
			`"<p class="widget-error" data-parallel-error="">Your code raised ValueError in worker 2: &lt;b&gt;no&lt;/b&gt;</p>"`
		);
	});
});

describe('parallel-view text', () => {
	it('formats times and speedups', () => {
		expect([formatMs(3.25), formatMs(42.4), formatMs(1234), formatMs(12_345)]).toEqual([
			'3.3 ms',
			'42 ms',
			'1.23 s',
			'12.3 s',
		]);
		expect(formatSpeedup(1.9)).toBe('×1.90');
	});

	it('announces progress in words', () => {
		expect(progressText({ phase: 'loading', ready: 1, total: 3 })).toBe(
			'Starting 3 fresh interpreters: 1 of 3 loaded…'
		);
		expect(progressText({ phase: 'warmup', total: 2 })).toContain('not counted');
		expect(progressText({ phase: 'sequential', done: 2, total: 4 })).toBe(
			'1 worker, runs in a row: 2 of 4 done…'
		);
		expect(progressText({ phase: 'parallel', done: 0, total: 2 })).toBe(
			'2 workers at the same time: 0 of 2 done…'
		);
	});

	it('sums up the result and reads it without promising a number', () => {
		expect(resultSentence(TIMING)).toBe(
			'×1.92: 2 runs took 1.00 s one after another in 1 worker, and 520 ms spread over 2 workers at the same time.'
		);
		expect(doneText(TIMING)).toBe('Timed: speedup ×1.92 with 2 workers (details below).');
		expect(interpretation(TIMING)).toMatch(/^Close to the ideal ×2\.00/);
		expect(interpretation({ ...TIMING, speedup: 1.05 })).toMatch(/^Little or no gain/);
		expect(interpretation({ ...TIMING, workers: 4, speedup: 1.5 })).toMatch(
			/^A real gain, short of the ideal ×2\.00.*With 2 logical processors, more than 2 workers cannot run at once/
		);
	});
});

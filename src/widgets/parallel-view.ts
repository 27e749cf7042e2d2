/**
 * The parallel widget's drawing (`widget="parallel"`): the cell's code timed in separate interpreters, one worker
 * running it N times in a row against N workers running it once each at the same time. Two bars (widths relative
 * to the slower side) with the wall times written out, every run's own time, the speedup (carried by
 * `data-speedup` on the figure), N and the browser's core count, what was counted, and why this is the
 * parallelism of processes, not of threads. Pure DOM building with text nodes.
 *
 * Data comes from `measureParallel` in src/scripts/widgets/parallel.ts (no Python helper: the timing happens on
 * the page, around runs in extra interpreters).
 */
import { el } from './dom';

/** One side of the comparison: the wall time on the page, and each run's time as its worker measured it. */
export interface SideTiming {
	wallMs: number;
	runsMs: number[];
}

export interface ParallelTiming {
	/** N: how many workers ran at once, and how many runs the single worker made in a row. */
	workers: number;
	/** navigator.hardwareConcurrency (logical processors the browser reports), or null if it says nothing. */
	hardwareConcurrency: number | null;
	/** Wall time until every worker had Python loaded: shown, never counted. */
	startupMs: number;
	/** The warm-up run in each worker (not counted). */
	warmupMs: number[];
	/** Worker 1 runs the code N times, one after another. */
	sequential: SideTiming;
	/** Each of the N workers runs it once, all started together. */
	parallel: SideTiming;
	/** sequential.wallMs / parallel.wallMs. */
	speedup: number;
}

/** Where a measurement is, for the live status line. */
export type Progress =
	| { phase: 'loading'; ready: number; total: number }
	| { phase: 'warmup'; total: number }
	| { phase: 'sequential'; done: number; total: number }
	| { phase: 'parallel'; done: number; total: number };

interface Build {
	document: Document;
}

/** "412 ms", "1.24 s": enough digits to compare, no more. */
export function formatMs(ms: number): string {
	if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
	if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
	if (ms >= 10) return `${Math.round(ms)} ms`;
	return `${ms.toFixed(1)} ms`;
}

/** "×1.93" */
export function formatSpeedup(speedup: number): string {
	return `×${speedup.toFixed(2)}`;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}

/** The status line while measuring: one sentence a screen reader can announce. */
export function progressText(progress: Progress): string {
	switch (progress.phase) {
		case 'loading':
			return `Starting ${plural(progress.total, 'fresh interpreter')}: ${progress.ready} of ${progress.total} loaded…`;
		case 'warmup':
			return `Warming up: every worker runs your code once (not counted)…`;
		case 'sequential':
			return `1 worker, runs in a row: ${progress.done} of ${progress.total} done…`;
		case 'parallel':
			return `${plural(progress.total, 'worker')} at the same time: ${progress.done} of ${progress.total} done…`;
	}
}

/** The one-sentence result, for the status line (announced) and the figure's summary. */
export function resultSentence(timing: ParallelTiming): string {
	const n = timing.workers;
	return `${formatSpeedup(timing.speedup)}: ${plural(n, 'run')} took ${formatMs(timing.sequential.wallMs)} one after another in 1 worker, and ${formatMs(timing.parallel.wallMs)} spread over ${plural(n, 'worker')} at the same time.`;
}

/** The status line once timed: short, since the figure right below it has the details. */
export function doneText(timing: ParallelTiming): string {
	return `Timed: speedup ${formatSpeedup(timing.speedup)} with ${plural(timing.workers, 'worker')} (details below).`;
}

/** What the number means, without promising anything: the machine is shared and timings are noisy. */
export function interpretation(timing: ParallelTiming): string {
	const n = timing.workers;
	const cores = timing.hardwareConcurrency;
	const ideal = cores === null ? n : Math.min(n, cores);
	const parts: string[] = [];
	if (timing.speedup >= 0.8 * ideal && ideal > 1)
		parts.push(
			`Close to the ideal ${formatSpeedup(ideal)}: the workers really ran at the same time, on different cores.`
		);
	else if (timing.speedup < 1.2)
		parts.push(
			'Little or no gain this time: the workers had to take turns on the same cores (other tabs and programs use them too, or there are fewer free cores than workers).'
		);
	else
		parts.push(
			`A real gain, short of the ideal ${formatSpeedup(ideal)}: the cores are shared with the browser and other programs, and the slowest worker sets the parallel time.`
		);
	if (cores !== null && n > cores)
		parts.push(
			`With ${plural(cores, 'logical processor')}, more than ${plural(cores, 'worker')} cannot run at once, so ${formatSpeedup(cores)} is the most ${plural(n, 'worker')} can give.`
		);
	return parts.join(' ');
}

function bar(
	document: Document,
	label: string,
	side: SideTiming,
	slowest: number,
	kind: 'sequential' | 'parallel'
): HTMLElement {
	const fill = el(document, 'span', { class: `parallel-fill parallel-fill-${kind}` });
	fill.style.width = `${(slowest > 0 ? Math.max(0.5, (side.wallMs / slowest) * 100) : 0).toFixed(2)}%`;
	const runs = side.runsMs.map((ms, i) =>
		el(
			document,
			'li',
			{},
			kind === 'sequential' ? `run ${i + 1}: ${formatMs(ms)}` : `worker ${i + 1}: ${formatMs(ms)}`
		)
	);
	return el(
		document,
		'div',
		{ class: 'parallel-row', 'data-side': kind, 'data-wall-ms': side.wallMs.toFixed(1) },
		el(document, 'span', { class: 'parallel-label' }, label),
		el(document, 'span', { class: 'parallel-track', 'aria-hidden': 'true' }, fill),
		el(document, 'span', { class: 'parallel-time' }, formatMs(side.wallMs)),
		el(
			document,
			'ul',
			{ class: 'parallel-runs', 'aria-label': `${label}: each run's own time` },
			runs
		)
	);
}

/** Why separate workers run in parallel when threads in one interpreter (here: cannot start; on a desktop: take turns) do not. */
export function renderWhy({ document }: Build): HTMLElement {
	return el(
		document,
		'p',
		{ class: 'parallel-why' },
		'Why this runs in parallel: each worker is a separate CPython interpreter in its own Web Worker, with its own memory and its own GIL, and they share no Python objects (each was sent your code as text, and sends back only a result). That is the model of processes, ',
		el(document, 'code', {}, 'multiprocessing'),
		' and ',
		el(document, 'code', {}, 'ProcessPoolExecutor'),
		', not of threads: threads share one interpreter, and on the default build its one GIL lets only one of them run Python at a time.'
	);
}

/** The whole result. */
export function render(timing: ParallelTiming, { document }: Build): HTMLElement {
	const n = timing.workers;
	const slowest = Math.max(timing.sequential.wallMs, timing.parallel.wallMs);
	const cores =
		timing.hardwareConcurrency === null
			? 'Your browser does not say how many logical processors it has'
			: `Your browser reports navigator.hardwareConcurrency = ${timing.hardwareConcurrency} logical ${timing.hardwareConcurrency === 1 ? 'processor' : 'processors'}`;
	const figure = el(
		document,
		'figure',
		{
			class: 'parallel-figure',
			'data-parallel': '',
			'data-speedup': timing.speedup.toFixed(3),
			'data-workers': String(n),
		},
		el(
			document,
			'figcaption',
			{},
			el(
				document,
				'strong',
				{},
				`${plural(n, 'run')} of your code: 1 worker against ${plural(n, 'worker')}`
			),
			' ',
			el(
				document,
				'span',
				{ class: 'parallel-speedup' },
				`speedup ${formatSpeedup(timing.speedup)}`
			)
		),
		bar(
			document,
			`1 worker, ${plural(n, 'run')} in a row`,
			timing.sequential,
			slowest,
			'sequential'
		),
		bar(
			document,
			`${plural(n, 'worker')}, 1 run each, at once`,
			timing.parallel,
			slowest,
			'parallel'
		),
		el(
			document,
			'p',
			{ class: 'parallel-sentence' },
			resultSentence(timing),
			' ',
			interpretation(timing)
		)
	);
	return el(
		document,
		'div',
		{ class: 'parallel-result' },
		figure,
		el(
			document,
			'p',
			{ class: 'parallel-counted' },
			`Counted: wall time on this page, from sending the first run to receiving the last result; the speedup is the 1-worker time divided by the ${n}-worker time. `,
			`Not counted: starting the ${plural(n, 'interpreter')} (${formatMs(timing.startupMs)}), and one warm-up run in every worker (${timing.warmupMs.map(formatMs).join(', ')}), so both sides time interpreters that have already run your code once. `,
			`${cores}; N starts at that number, kept between 2 and 4 (you can choose it above). Inside each worker, os.cpu_count() says 1.`
		),
		renderWhy({ document })
	);
}

/** A measurement that could not finish: what happened, in one paragraph. */
export function renderProblem(message: string, { document }: Build): HTMLElement {
	return el(document, 'p', { class: 'widget-error', 'data-parallel-error': '' }, message);
}

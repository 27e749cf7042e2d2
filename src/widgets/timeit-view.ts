/**
 * The timeit distribution's rendering (`widget="timeit"`): what was timed, a sentence with the minimum and the
 * median, every repeat drawn as a dot on a time axis (dots that would overlap stack up) with the minimum and the
 * median marked by lines of different styles and named in text, the repeats control, a table of every repeat for
 * screen readers and phones, and why the minimum is the figure to quote. Pure DOM building with text nodes.
 *
 * Data comes from `lifecycle.timing.measure` (src/python/lifecycle/timing.py).
 */
import { el } from './dom';

export type TimingStatus =
	'ok' | 'empty' | 'definition' | 'await' | 'syntax' | 'not-recorded' | 'error';

export interface Timing {
	status: TimingStatus;
	/** Why there is no timing (every status but ok), in words for the learner. */
	message: string | null;
	/** The source of the cell's last statement: what is timed. */
	statement: string | null;
	line: number | null;
	endLine: number | null;
	/** Statements before it (the setup, run once by the cell's own run) and the lines they span. */
	setupStatements: number;
	setupLines: [number, number] | null;
	/** Loops per repeat. */
	number: number | null;
	repeats: number;
	requestedRepeats: number | null;
	/** Seconds per loop of each repeat, in the order they ran. */
	times: number[];
	min: number | null;
	median: number | null;
	max: number | null;
	/** The smallest step time.perf_counter was seen to take, in seconds. */
	granularity: number | null;
	/** What time.get_clock_info('perf_counter') claims. */
	clockResolution: number;
	budgetSeconds: number | null;
	totalSeconds: number | null;
	stoppedByBudget: boolean;
	error: { type: string; message: string } | null;
}

export const REPEAT_CHOICES = [5, 10, 20, 50] as const;
export const DEFAULT_REPEATS = 20;
export const TIMEIT_DOCS = 'https://docs.python.org/3/library/timeit.html#timeit.Timer.repeat';

interface Build {
	document: Document;
	/** Prefix for element ids (several timeit cells may share a page). */
	idPrefix?: string;
	/** The value the repeats control shows. */
	repeats?: number;
}

interface Unit {
	name: string;
	scale: number;
}

const UNITS: Unit[] = [
	{ name: 'ns', scale: 1e9 },
	{ name: 'µs', scale: 1e6 },
	{ name: 'ms', scale: 1e3 },
	{ name: 's', scale: 1 },
];

/** The unit that shows `seconds` as 1 to 999 of it. */
export function unitFor(seconds: number): Unit {
	for (const unit of UNITS) if (seconds * unit.scale < 999.5) return unit;
	return UNITS[UNITS.length - 1] as Unit;
}

/** "1.23 µs", "12.3 µs", "123 µs", "1.50 ms": three significant digits, as timeit prints. */
export function formatSeconds(seconds: number): string {
	const unit = unitFor(seconds);
	const value = seconds * unit.scale;
	const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
	return `${value.toFixed(digits)} ${unit.name}`;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "min 1.23 µs per loop, median 1.30 µs, 20 repeats of 10,000 loops." */
export function summary(timing: Timing): string {
	if (
		timing.status !== 'ok' ||
		timing.min === null ||
		timing.median === null ||
		timing.number === null
	)
		return timing.message ?? 'Nothing was timed.';
	return `min ${formatSeconds(timing.min)} per loop, median ${formatSeconds(timing.median)}, ${plural(timing.repeats, 'repeat')} of ${plural(timing.number, 'loop')}.`;
}

/** Round tick values for an axis from `low` to `high` (seconds), about `count` of them. */
export function ticks(low: number, high: number, count = 4): number[] {
	const span = high - low;
	if (!(span > 0)) return [low];
	const raw = span / count;
	const magnitude = 10 ** Math.floor(Math.log10(raw));
	const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
	const out: number[] = [];
	for (let k = Math.ceil(low / step); k * step <= high + step * 1e-9; k += 1) out.push(k * step);
	return out;
}

/** The axis: a little room around the fastest and slowest repeat, so their dots are not cut in half. */
export function axisRange(times: readonly number[]): [number, number] {
	const low = Math.min(...times);
	const high = Math.max(...times);
	const pad = high > low ? (high - low) * 0.08 : low * 0.05 || 1e-9;
	return [Math.max(0, low - pad), high + pad];
}

function percentOf(value: number, [low, high]: [number, number]): number {
	return ((value - low) / (high - low)) * 100;
}

/** Stack height of each dot: dots within 2% of the axis of an earlier one sit on top of it. */
export function stacking(positions: readonly number[]): number[] {
	const buckets = new Map<number, number>();
	return positions.map((left) => {
		const bucket = Math.round(left / 2);
		const level = buckets.get(bucket) ?? 0;
		buckets.set(bucket, level + 1);
		return level;
	});
}

function renderChart(
	timing: Timing & { min: number; median: number },
	{ document }: Build
): HTMLElement {
	const range = axisRange(timing.times);
	const unit = unitFor(range[1]);
	const lefts = timing.times.map((t) => percentOf(t, range));
	const levels = stacking(lefts);
	const dots = timing.times.map((t, i) => {
		const dot = el(document, 'span', {
			class: `ti-dot${t === timing.min ? ' ti-dot-min' : ''}`,
			'data-repeat': String(i + 1),
			'data-seconds': String(t),
			title: `repeat ${i + 1}: ${formatSeconds(t)} per loop`,
		});
		dot.style.left = `${(lefts[i] ?? 0).toFixed(3)}%`;
		dot.style.setProperty('--ti-level', String(levels[i] ?? 0));
		return dot;
	});
	const marker = (kind: 'min' | 'median', value: number) => {
		const line = el(
			document,
			'span',
			{ class: `ti-marker ti-marker-${kind}`, 'data-marker': kind },
			[el(document, 'span', { class: 'ti-marker-label' }, [kind === 'min' ? 'min' : 'median'])]
		);
		line.style.left = `${percentOf(value, range).toFixed(3)}%`;
		return line;
	};
	const track = el(document, 'div', { class: 'ti-track' }, [
		marker('min', timing.min),
		marker('median', timing.median),
		...dots,
	]);
	track.style.setProperty('--ti-levels', String(Math.max(...levels) + 1));
	const tickMarks = ticks(range[0], range[1]).map((value) => {
		const tick = el(document, 'span', { class: 'ti-tick' }, [
			`${Number((value * unit.scale).toPrecision(6))} ${unit.name}`,
		]);
		tick.style.left = `${percentOf(value, range).toFixed(3)}%`;
		return tick;
	});
	return el(
		document,
		'figure',
		{ class: 'ti-figure' },
		el(
			document,
			'div',
			{
				class: 'ti-chart',
				role: 'img',
				'aria-label': `Dot plot of ${plural(timing.repeats, 'repeat')}: from ${formatSeconds(Math.min(...timing.times))} to ${formatSeconds(Math.max(...timing.times))} per loop; min ${formatSeconds(timing.min)}, median ${formatSeconds(timing.median)}. The table below lists every repeat.`,
			},
			[track, el(document, 'div', { class: 'ti-axis' }, tickMarks)]
		),
		el(document, 'figcaption', { class: 'ti-caption' }, [
			`Each dot is one repeat: its time per loop (${plural(timing.number ?? 0, 'loop')} per repeat), on an axis in ${unit.name}. `,
			el(document, 'span', { class: 'ti-key ti-key-min', 'aria-hidden': 'true' }),
			' solid line: the minimum; ',
			el(document, 'span', { class: 'ti-key ti-key-median', 'aria-hidden': 'true' }),
			' dashed line: the median.',
		])
	);
}

export function renderTable(timing: Timing & { min: number }, { document }: Build): HTMLElement {
	const rows = timing.times.map((t, i) =>
		el(document, 'tr', { 'data-repeat-row': String(i + 1) }, [
			el(document, 'th', { scope: 'row' }, [String(i + 1)]),
			el(document, 'td', {}, [formatSeconds(t)]),
			el(document, 'td', {}, [
				t === timing.min
					? 'the minimum'
					: `+${(((t - timing.min) / timing.min) * 100).toFixed(1)}%`,
			]),
		])
	);
	return el(
		document,
		'details',
		{ class: 'ti-details' },
		el(document, 'summary', {}, [`Every repeat (${timing.repeats})`]),
		el(
			document,
			'div',
			{ class: 'ti-table-box', tabindex: '0', role: 'region', 'aria-label': 'Every repeat' },
			el(
				document,
				'table',
				{ class: 'ti-table' },
				el(document, 'caption', {}, ['Time per loop of each repeat, in the order they ran']),
				el(
					document,
					'thead',
					{},
					el(
						document,
						'tr',
						{},
						['Repeat', 'Per loop', 'Above the minimum'].map((text) =>
							el(document, 'th', { scope: 'col' }, [text])
						)
					)
				),
				el(document, 'tbody', {}, rows)
			)
		)
	);
}

/** The repeats control and the button that times again (wired by src/scripts/widgets/timeit.ts). */
export function renderControls({
	document,
	idPrefix = 'timeit',
	repeats = DEFAULT_REPEATS,
}: Build): HTMLElement {
	const id = `${idPrefix}-repeats`;
	const select = el(
		document,
		'select',
		{ id, 'data-timeit-repeats': '' },
		REPEAT_CHOICES.map((n) => {
			const option = el(document, 'option', { value: String(n) }, [String(n)]);
			if (n === repeats) option.setAttribute('selected', '');
			return option;
		})
	);
	return el(document, 'form', { class: 'ti-controls', 'data-timeit-form': '' }, [
		el(document, 'label', { for: id }, ['Repeats']),
		select,
		el(document, 'button', { type: 'submit', 'data-timeit-again': '' }, ['Time again']),
	]);
}

function renderWhat(timing: Timing, { document }: Build): HTMLElement {
	const setup =
		timing.setupLines === null
			? 'There is no setup: the statement is the whole cell.'
			: `The setup (${plural(timing.setupStatements, 'statement')}, line${timing.setupLines[0] === timing.setupLines[1] ? ` ${timing.setupLines[0]}` : `s ${timing.setupLines[0]}–${timing.setupLines[1]}`}) ran once, in the cell's run; the statement uses the names it left.`;
	return el(document, 'div', { class: 'ti-what' }, [
		el(document, 'p', {}, [
			timing.line === timing.endLine
				? `Timed: line ${timing.line}, `
				: `Timed: lines ${timing.line}–${timing.endLine}, `,
			'the cell’s last statement. ',
			setup,
		]),
		el(
			document,
			'pre',
			{ class: 'ti-statement' },
			el(document, 'code', {}, [timing.statement ?? ''])
		),
	]);
}

function renderFacts(timing: Timing, { document }: Build): HTMLElement {
	const parts: string[] = [];
	if (timing.granularity !== null && timing.min !== null && timing.number !== null) {
		const perRepeat = timing.min * timing.number;
		parts.push(
			`The clock, time.perf_counter, was seen to step by ${formatSeconds(timing.granularity)} (get_clock_info claims ${formatSeconds(timing.clockResolution)}); each repeat lasted about ${formatSeconds(perRepeat)}, ${plural(Math.round(perRepeat / timing.granularity), 'step')} of it, which is why timeit runs the statement ${plural(timing.number, 'time')} per repeat and divides.`
		);
	}
	parts.push('As timeit always does, the garbage collector was switched off while timing.');
	if (timing.totalSeconds !== null && timing.budgetSeconds !== null)
		parts.push(
			`Timing took ${formatSeconds(timing.totalSeconds)} (budget ${formatSeconds(timing.budgetSeconds)}).`
		);
	return el(document, 'p', { class: 'ti-facts' }, [parts.join(' ')]);
}

function renderWhyMin({ document }: Build): HTMLElement {
	return el(document, 'p', { class: 'ti-why' }, [
		'Why quote the minimum? The ',
		el(document, 'a', { href: TIMEIT_DOCS }, ['timeit documentation']),
		' (Timer.repeat) says: “In a typical case, the lowest value gives a lower bound for how fast your machine can run the given code snippet; higher values in the result vector are typically not caused by variability in Python’s speed, but by other processes interfering with your timing accuracy.” The spread above the minimum is the machine (other tabs, the browser, caches); the median shows how noisy this timing was.',
	]);
}

/** The whole widget for one timing (controls included when there is something to time again). */
export function render(timing: Timing, build: Build): HTMLElement {
	const { document } = build;
	const attributes = { class: 'ti-root', 'data-timeit': '', 'data-status': timing.status };
	if (timing.status !== 'ok' || timing.min === null || timing.median === null) {
		return el(
			document,
			'div',
			attributes,
			el(document, 'p', { class: 'ti-message', 'data-timeit-summary': '' }, [summary(timing)]),
			timing.statement !== null && timing.status === 'error' ? renderWhat(timing, build) : null
		);
	}
	const ok = timing as Timing & { min: number; median: number };
	return el(
		document,
		'div',
		attributes,
		el(document, 'p', { class: 'ti-summary', 'data-timeit-summary': '' }, [summary(timing)]),
		renderWhat(timing, build),
		renderControls(build),
		timing.stoppedByBudget
			? el(document, 'p', { class: 'ti-budget' }, [
					`Only ${plural(timing.repeats, 'repeat')} of the ${timing.requestedRepeats ?? timing.repeats} asked for: each took about ${formatSeconds(ok.min * (timing.number ?? 1))}, and timing stops after ${formatSeconds(timing.budgetSeconds ?? 0)}.`,
				])
			: null,
		renderChart(ok, build),
		renderTable(ok, build),
		renderWhyMin(build),
		renderFacts(timing, build)
	);
}

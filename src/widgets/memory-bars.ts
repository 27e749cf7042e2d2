/**
 * The `memory-bars` widget's drawing: for each zero-argument function the cell defined, three bars side by side
 * on one shared scale (what its result keeps alive, the peak during the call, and `sys.getsizeof` of the result),
 * each with its number written out, and sentences saying what each figure means. Nothing is told by colour or
 * length alone. Pure DOM building with text nodes.
 *
 * Data comes from `lifecycle.memory_bars.result` (src/python/lifecycle/memory_bars.py).
 */
import { el } from './dom';

export interface MeasuredFunction {
	name: string;
	line: number;
	/** A generator function: calling it returns a generator and runs none of its body. */
	generator: boolean;
	resultType: string | null;
	resultLength: number | null;
	/** sys.getsizeof(result): the result object alone. */
	shallow: number | null;
	/** tracemalloc: bytes still allocated after the call, with the result referenced, minus before it. */
	kept: number | null;
	/** tracemalloc: the highest traced memory during the call, minus before it. */
	peak: number | null;
	error: { type: string; message: string } | null;
	budget: 'time' | 'memory' | null;
	ms: number;
}

export type SkipReason = 'async' | 'needs arguments' | 'over the limit' | 'out of time';

export interface MemoryBars {
	filename: string;
	status: 'measured' | 'no-functions' | 'not-finished' | 'no-monitoring';
	functions: MeasuredFunction[];
	skipped: { name: string; reason: SkipReason }[];
	tracemallocWasTracing: boolean;
	stopped: boolean;
	limits: { maxFunctions: number; secondsPerFunction: number; totalSeconds: number; memoryBudget: number };
	pointerSize: number;
	overhead: { kept: number; peak: number } | null;
}

interface Build {
	document: Document;
}

type Figure = 'kept' | 'peak' | 'shallow';

const FIGURES: { key: Figure; label: string }[] = [
	{ key: 'kept', label: 'kept (tracemalloc)' },
	{ key: 'peak', label: 'peak (tracemalloc)' },
	{ key: 'shallow', label: 'getsizeof (shallow)' },
];

/** "44 B", "40,380 B (39.4 KiB)", "40,000,028 B (38.1 MiB)": exact bytes, with a rounded unit when large. */
export function formatBytes(bytes: number): string {
	const exact = `${bytes.toLocaleString('en')} B`;
	if (bytes < 1024) return exact;
	const [value, unit] = bytes < 1024 ** 2 ? [bytes / 1024, 'KiB'] : [bytes / 1024 ** 2, 'MiB'];
	return `${exact} (${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit})`;
}

/** "list of 10,000", "generator", "int". */
export function describeResult(fn: MeasuredFunction): string {
	if (fn.resultType === null) return '';
	return fn.resultLength === null
		? fn.resultType
		: `${fn.resultType} of ${fn.resultLength.toLocaleString('en')}`;
}

/** Why a function has no bars, or null when it was measured. */
export function failure(fn: MeasuredFunction, limits: MemoryBars['limits']): string | null {
	if (fn.budget === 'time')
		return `Stopped after ${limits.secondsPerFunction} s (the widget's time budget per function): nothing measured.`;
	if (fn.budget === 'memory')
		return `Stopped when it had allocated more than ${formatBytes(limits.memoryBudget)} (the widget's memory budget): nothing measured.`;
	if (fn.error) return `It raised ${fn.error.type}${fn.error.message ? `: ${fn.error.message}` : ''}. Nothing measured.`;
	return null;
}

/** One sentence comparing what getsizeof says with what tracemalloc found. */
export function comparison(fn: MeasuredFunction): string {
	const { kept, shallow } = fn;
	if (kept === null || shallow === null) return '';
	if (fn.resultType === 'generator')
		return `A generator keeps its paused frame, not the values it will produce: ${formatBytes(kept)} kept.`;
	if (kept === 0)
		return `Nothing new was kept: the result already existed before the call (a cached or shared object), though getsizeof still says ${formatBytes(shallow)}.`;
	const ratio = kept / shallow;
	if (ratio >= 1.5)
		return `getsizeof says ${formatBytes(shallow)}, but the result keeps ${formatBytes(kept)} alive: ${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}× more, in the objects it refers to.`;
	if (ratio <= 1 / 1.5)
		return `getsizeof says ${formatBytes(shallow)}, more than the ${formatBytes(kept)} this call added: part of the result already existed.`;
	return `getsizeof and tracemalloc roughly agree: the result holds little besides itself.`;
}

/** A sentence about the peak when the call needed much more on the way than it keeps, or ''. */
export function peakSentence(fn: MeasuredFunction): string {
	const { kept, peak } = fn;
	if (kept === null || peak === null || peak - kept < 1024 || peak < 4 * kept) return '';
	return `On the way it needed up to ${formatBytes(peak)} at once, all but ${formatBytes(kept)} freed before it returned.`;
}

function bar(document: Document, figure: { key: Figure; label: string }, value: number, scale: number): HTMLElement {
	const percent = scale > 0 && value > 0 ? Math.max(0.4, (value / scale) * 100) : 0;
	const fill = el(document, 'span', { class: `mb-fill mb-fill-${figure.key}` });
	fill.style.width = `${percent.toFixed(2)}%`;
	return el(
		document,
		'div',
		{ class: 'mb-row', 'data-figure': figure.key },
		el(document, 'span', { class: 'mb-label' }, figure.label),
		el(document, 'span', { class: 'mb-track', 'aria-hidden': 'true' }, fill),
		el(document, 'span', { class: 'mb-value' }, formatBytes(value))
	);
}

function renderFunction(fn: MeasuredFunction, data: MemoryBars, scale: number, { document }: Build): HTMLElement {
	const attributes: Record<string, string> = { class: 'mb-function', 'data-function': fn.name };
	for (const { key } of FIGURES) {
		const value = fn[key];
		if (value !== null) attributes[`data-${key}`] = String(value);
	}
	const result = describeResult(fn);
	const caption = el(
		document,
		'figcaption',
		{},
		el(document, 'code', { class: 'mb-name' }, `${fn.name}()`),
		result ? ` → ${result}` : '',
		el(document, 'span', { class: 'mb-line' }, ` line ${fn.line}`)
	);
	const figure = el(document, 'figure', attributes, caption);
	const problem = failure(fn, data.limits);
	if (problem) {
		figure.append(el(document, 'p', { class: 'mb-problem' }, problem));
		return figure;
	}
	for (const spec of FIGURES) {
		const value = fn[spec.key];
		if (value !== null) figure.append(bar(document, spec, value, scale));
	}
	const sentence = [peakSentence(fn), comparison(fn)].filter(Boolean).join(' ');
	if (sentence) figure.append(el(document, 'p', { class: 'mb-sentence' }, sentence));
	return figure;
}

const SKIP_WORDS: Record<SkipReason, string> = {
	async: 'async def: calling it only creates a coroutine',
	'needs arguments': 'needs arguments',
	'over the limit': 'over the limit of functions',
	'out of time': 'the widget ran out of time',
};

function renderSkipped(data: MemoryBars, { document }: Build): HTMLElement | null {
	if (data.skipped.length === 0) return null;
	return el(
		document,
		'p',
		{ class: 'mb-skipped' },
		'Not called: ',
		data.skipped.map((s, i) => [
			i > 0 ? '; ' : '',
			el(document, 'code', {}, s.name),
			` (${SKIP_WORDS[s.reason] ?? s.reason})`,
		]).flat(),
		'.'
	);
}

/** The sentence at the top: how many were measured and which result keeps the most. */
export function summary(data: MemoryBars): string {
	const measured = data.functions.filter((fn) => fn.kept !== null);
	if (measured.length === 0) return 'No function could be measured.';
	const largest = measured.reduce((best, fn) => ((fn.kept ?? 0) > (best.kept ?? 0) ? fn : best));
	const count = `${measured.length} ${measured.length === 1 ? 'function' : 'functions'} measured`;
	if (measured.length === 1) return `${count}: ${largest.name}() keeps ${formatBytes(largest.kept ?? 0)} alive.`;
	return `${count}; the result of ${largest.name}() keeps the most alive: ${formatBytes(largest.kept ?? 0)}.`;
}

const EXPECTS =
	'The widget calls every function defined at the top level of the cell that takes no arguments (at most {max}), once to warm up and once measured, and draws what each result keeps alive.';

function renderEmpty(data: MemoryBars, { document }: Build): HTMLElement {
	const expects = EXPECTS.replace('{max}', String(data.limits.maxFunctions));
	const text =
		data.status === 'not-finished'
			? 'The cell did not run to its end, so nothing was measured. '
			: data.status === 'no-monitoring'
				? 'All six sys.monitoring tool ids were taken by the program, so the widget could not watch it. '
				: 'No function to measure: define one, such as def build(): return [0] * 1000, and run again. ';
	return el(document, 'p', { class: 'mb-empty', 'data-memory-status': data.status }, text, expects);
}

function renderMeaning(data: MemoryBars, scale: number, { document }: Build): HTMLElement {
	const item = (term: string, text: string) =>
		el(document, 'li', {}, el(document, 'strong', {}, term), ` ${text}`);
	return el(
		document,
		'div',
		{ class: 'mb-meaning' },
		el(
			document,
			'ul',
			{ 'aria-label': 'What the figures mean' },
			item(
				'kept:',
				'tracemalloc’s traced memory after the call, with the result still held, minus before it (after gc.collect() both times): what the result keeps alive, the objects it refers to included.'
			),
			item('peak:', 'the most tracemalloc saw allocated at any moment during the call, above where it started.'),
			item(
				'getsizeof:',
				'sys.getsizeof(result): the result object alone, not the objects it refers to (shallow).'
			)
		),
		el(
			document,
			'p',
			{ class: 'mb-note' },
			`All bars share one scale; the longest is ${formatBytes(scale)}. Sizes are those of this Python: CPython 3.14 compiled to 32-bit WebAssembly, with ${data.pointerSize}-byte pointers; a 64-bit CPython’s are larger. tracemalloc counts the bytes Python asked for, not the allocator’s own bookkeeping.${data.overhead && data.overhead.kept > 0 ? ` What the measuring itself keeps (${formatBytes(data.overhead.kept)}, measured on an empty function) is subtracted.` : ''} Anything the functions print is not shown.`
		),
		data.tracemallocWasTracing
			? el(
					document,
					'p',
					{ class: 'mb-note', 'data-was-tracing': '' },
					'tracemalloc was already tracing (your code started it): it was left on with its traces; only its peak was reset before each call.'
				)
			: null
	);
}

/** The whole widget. */
export function render(data: MemoryBars, { document }: Build): HTMLElement {
	const root = el(document, 'div', { class: 'mb-root', 'data-memory-bars': data.status });
	if (data.status !== 'measured' || data.functions.length === 0) {
		root.append(renderEmpty(data, { document }));
		const skipped = renderSkipped(data, { document });
		if (skipped) root.append(skipped);
		return root;
	}
	const scale = Math.max(
		0,
		...data.functions.flatMap((fn) => FIGURES.map(({ key }) => fn[key] ?? 0))
	);
	root.append(el(document, 'p', { class: 'mb-summary', 'data-memory-summary': '' }, summary(data)));
	if (data.stopped)
		root.append(el(document, 'p', { class: 'mb-problem' }, 'Stopped before every function was measured.'));
	root.append(
		el(
			document,
			'div',
			{ class: 'mb-functions' },
			data.functions.map((fn) => renderFunction(fn, data, scale, { document }))
		)
	);
	const skipped = renderSkipped(data, { document });
	if (skipped) root.append(skipped);
	root.append(renderMeaning(data, scale, { document }));
	return root;
}

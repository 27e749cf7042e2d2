/**
 * The garbage-collection timeline's rendering (`widget="gc-timeline"`): a summary sentence, a time axis with one
 * mark per collection (`data-collection`, `data-generation`, `data-collected`) in a lane per generation, sized by
 * how many objects it freed, shaped by who asked for it (a ring for the interpreter's own, a square for
 * `gc.collect()`), and the same numbers in a table for screen readers and phones. Pure DOM building with text nodes.
 *
 * Data comes from `lifecycle.gc_timeline.result` (src/python/lifecycle/gc_timeline.py).
 */
import { el } from './dom';

export interface Collection {
	index: number;
	generation: number;
	startMs: number;
	durationMs: number;
	collected: number;
	uncollectable: number;
	explicit: boolean;
	countBefore: number[];
}

export interface Timeline {
	filename: string;
	durationMs: number;
	collections: Collection[];
	dropped: number;
	maxEvents: number;
	countAtStart: number[];
	countAtEnd: number[];
	threshold: number[];
	enabled: boolean;
	totalCollected: number;
	totalUncollectable: number;
	largest: number | null;
}

interface Build {
	document: Document;
}

/** Rows drawn in the table; the marks show every stored collection. */
export const TABLE_ROWS = 300;

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "0.42 ms", "12.3 ms", "1,204 ms": few digits, enough to compare. */
export function formatMs(ms: number): string {
	if (ms < 1) return `${ms.toFixed(2)} ms`;
	if (ms < 100) return `${ms.toFixed(1)} ms`;
	return `${Math.round(ms).toLocaleString('en')} ms`;
}

/** What a generation number means in Pyodide's CPython 3.14.2 (the incremental collector). */
export function generationMeaning(generation: number): string {
	switch (generation) {
		case 0:
			return 'young objects only';
		case 1:
			return 'young objects and one increment of the old';
		case 2:
			return 'everything (a full collection)';
		default:
			return `generation ${generation}`;
	}
}

/** "N collections; M objects collected; largest in generation G." */
export function summary(timeline: Timeline): string {
	const n = timeline.collections.length + timeline.dropped;
	const parts = [plural(n, 'collection'), `${plural(timeline.totalCollected, 'object')} collected`];
	const largest = timeline.largest === null ? undefined : timeline.collections[timeline.largest];
	if (largest)
		parts.push(
			`largest in generation ${largest.generation} (#${largest.index + 1}, ${plural(largest.collected, 'object')})`
		);
	else if (n > 0) parts.push('none of them freed anything');
	const explicit = timeline.collections.filter((c) => c.explicit).length;
	let text = `${parts.join('; ')}.`;
	if (explicit > 0) text += ` ${plural(explicit, 'was', 'were')} asked for with gc.collect().`;
	if (timeline.totalUncollectable > 0)
		text += ` ${plural(timeline.totalUncollectable, 'object')} could not be freed (uncollectable).`;
	if (n === 0)
		text = timeline.enabled
			? 'No collection ran: the program did not allocate enough container objects to cross the threshold, and did not call gc.collect().'
			: 'No collection ran: the collector was disabled (gc.disable()) and gc.collect() was not called.';
	return text;
}

/** Mark size in pixels: the square root of the objects freed, so one huge collection does not hide the rest. */
export function markSize(collected: number, most: number): number {
	if (collected <= 0 || most <= 0) return 8;
	return Math.round(10 + 18 * Math.sqrt(collected / most));
}

function renderChart(timeline: Timeline, { document }: Build): HTMLElement {
	const span = Math.max(
		timeline.durationMs,
		...timeline.collections.map((c) => c.startMs + c.durationMs),
		0.001
	);
	const most = Math.max(0, ...timeline.collections.map((c) => c.collected));
	const lanes = [2, 1, 0].map((generation) => {
		const marks = timeline.collections
			.filter((c) => c.generation === generation)
			.map((c) => {
				const size = markSize(c.collected, most);
				const mark = el(document, 'span', {
					class: `gct-mark ${c.explicit ? 'gct-explicit' : 'gct-auto'}${c.collected > 0 ? ' gct-freed' : ''}`,
					'data-collection': String(c.index),
					'data-generation': String(c.generation),
					'data-collected': String(c.collected),
					title: `#${c.index + 1}: generation ${c.generation}, ${plural(c.collected, 'object')} collected, at ${formatMs(c.startMs)}${c.explicit ? ', gc.collect()' : ''}`,
				});
				mark.style.left = `${((c.startMs / span) * 100).toFixed(3)}%`;
				mark.style.width = `${size}px`;
				mark.style.height = `${size}px`;
				return mark;
			});
		return el(document, 'div', { class: 'gct-lane', 'data-lane': String(generation) }, [
			el(document, 'span', { class: 'gct-lane-label' }, [`gen ${generation}`]),
			el(document, 'div', { class: 'gct-track' }, marks),
		]);
	});
	const axis = el(document, 'div', { class: 'gct-axis' }, [
		el(document, 'span', {}, ['0 ms']),
		el(document, 'span', {}, ['time since the run began →']),
		el(document, 'span', {}, [formatMs(span)]),
	]);
	// The table below carries every number; the drawing is its picture.
	return el(
		document,
		'div',
		{
			class: 'gct-chart',
			role: 'img',
			'aria-label': `Timeline: ${plural(timeline.collections.length, 'collection')} over ${formatMs(span)}, in lanes by generation; the table below lists them.`,
		},
		[...lanes, axis]
	);
}

function renderLegend({ document }: Build): HTMLElement {
	const item = (shape: string, text: string) =>
		el(document, 'li', {}, [
			el(document, 'span', { class: `gct-mark gct-key ${shape}`, 'aria-hidden': 'true' }),
			` ${text}`,
		]);
	return el(document, 'ul', { class: 'gct-legend', 'aria-label': 'Key' }, [
		item('gct-auto', 'ring: started by the interpreter (allocation threshold)'),
		item('gct-explicit', 'square: gc.collect() in the program'),
		el(document, 'li', {}, ['bigger mark: more objects freed; filled: freed at least one']),
	]);
}

/** What the generations mean here: Pyodide's CPython 3.14.2 has the incremental collector of 3.14.0-3.14.4. */
function renderGenerations({ document }: Build): HTMLElement {
	return el(document, 'p', { class: 'gct-generations' }, [
		'Generations in this Python (3.14.2, whose collector is incremental): ',
		[0, 1, 2].map((g) => `${g} = ${generationMeaning(g)}`).join('; '),
		'. Automatic collections report 1; gc.collect() with no argument reports 2.',
	]);
}

export function renderTable(timeline: Timeline, { document }: Build): HTMLElement {
	const header = el(
		document,
		'tr',
		{},
		[
			'#',
			'Starts at',
			'Generation',
			'Took',
			'Collected',
			'Uncollectable',
			'Started by',
			'gc.get_count() before',
		].map((text) => el(document, 'th', { scope: 'col' }, [text]))
	);
	const shown = timeline.collections.slice(0, TABLE_ROWS);
	const rows = shown.map((c) =>
		el(document, 'tr', { 'data-collection-row': String(c.index) }, [
			el(document, 'th', { scope: 'row' }, [String(c.index + 1)]),
			el(document, 'td', { 'data-label': 'Starts at' }, [formatMs(c.startMs)]),
			el(document, 'td', { 'data-label': 'Generation' }, [String(c.generation)]),
			el(document, 'td', { 'data-label': 'Took' }, [formatMs(c.durationMs)]),
			el(document, 'td', { 'data-label': 'Collected' }, [c.collected.toLocaleString('en')]),
			el(document, 'td', { 'data-label': 'Uncollectable' }, [c.uncollectable.toLocaleString('en')]),
			el(document, 'td', { 'data-label': 'Started by' }, [
				c.explicit ? 'gc.collect()' : 'the interpreter',
			]),
			el(document, 'td', { 'data-label': 'gc.get_count() before' }, [
				`(${c.countBefore.join(', ')})`,
			]),
		])
	);
	const table = el(document, 'table', { class: 'gct-table' }, [
		el(document, 'caption', {}, ['Every collection, in the order they ran']),
		el(document, 'thead', {}, [header]),
		el(document, 'tbody', {}, rows),
	]);
	const more = timeline.collections.length - shown.length + timeline.dropped;
	return el(
		document,
		'div',
		{ class: 'gct-table-box', tabindex: '0', role: 'region', 'aria-label': 'Collections table' },
		[
			table,
			more > 0
				? el(document, 'p', { class: 'gct-more' }, [
						`and ${plural(more, 'more collection')} not listed.`,
					])
				: null,
		]
	);
}

/** The whole timeline. */
export function render(timeline: Timeline, { document }: Build): HTMLElement {
	const root = el(document, 'div', { class: 'gct-root', 'data-gc-timeline': '' });
	const facts = el(document, 'p', { class: 'gct-facts' }, [
		`Run took ${formatMs(timeline.durationMs)}. gc.get_count() went from (${timeline.countAtStart.join(', ')}) to (${timeline.countAtEnd.join(', ')}); gc.get_threshold() is (${timeline.threshold.join(', ')})${timeline.enabled ? '' : '; the collector is disabled'}.`,
	]);
	root.append(
		el(document, 'p', { class: 'gct-summary', 'data-gc-summary': '' }, [summary(timeline)]),
		facts
	);
	if (timeline.collections.length > 0) {
		root.append(
			renderChart(timeline, { document }),
			renderLegend({ document }),
			renderGenerations({ document }),
			renderTable(timeline, { document })
		);
		if (timeline.dropped > 0)
			root.append(
				el(document, 'p', { class: 'gct-more' }, [
					`Only the first ${plural(timeline.maxEvents, 'collection')} were kept; ${plural(timeline.dropped, 'later one')} were counted but not drawn.`,
				])
			);
	}
	return root;
}

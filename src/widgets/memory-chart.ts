/**
 * The memory chart's rendering (`widget="wasm-memory"`): the WebAssembly memory's size sampled during the run, as
 * a step line in 64 KiB pages that only ever goes up, beside malloc's bytes in use (where Python's objects live),
 * which go back down when objects are freed. A summary sentence, the SVG chart (role img, with a label saying
 * what it shows) and a table of the growths for screen readers and phones. Pure DOM building with text nodes.
 *
 * Data comes from `lifecycle.wasm_memory.result` (src/python/lifecycle/wasm_memory.py).
 */
import { el } from './dom';

export interface MemorySample {
	ms: number;
	event: 'start' | 'line' | 'end';
	/** The source line that had just run when the sample was taken (null at the start). */
	line: number | null;
	wasmBytes: number;
	mallocInUse: number;
	mallocFree: number;
	mallocArena: number;
}

export interface Growth {
	ms: number;
	line: number | null;
	fromBytes: number;
	toBytes: number;
	pages: number;
}

export interface MemoryRecord {
	filename: string;
	available: boolean;
	pageBytes: number;
	maxBytes: number;
	durationMs: number;
	samples: MemorySample[];
	thinned: number;
	maxSamples: number;
	growths: Growth[];
	startBytes: number;
	endBytes: number;
	peakBytes: number;
	mallocPeak: number;
	shrank: boolean;
}

interface Build {
	document: Document;
}

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 64, right: 12, top: 14, bottom: 34 };

/** Growth rows listed in the table (a run that grows a thousand times still shows the first ones). */
export const TABLE_ROWS = 60;

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "30.0 MiB", "512 KiB". */
export function formatBytes(bytes: number): string {
	const mib = bytes / 1024 / 1024;
	if (mib >= 1) return `${mib.toFixed(1)} MiB`;
	return `${Math.round(bytes / 1024).toLocaleString('en')} KiB`;
}

export function formatPages(bytes: number, pageBytes: number): string {
	return plural(Math.floor(bytes / pageBytes), 'page');
}

export function formatMs(ms: number): string {
	if (ms < 10) return `${ms.toFixed(1)} ms`;
	return `${Math.round(ms).toLocaleString('en')} ms`;
}

function lineText(line: number | null): string {
	return line === null ? 'before the first line' : `after line ${line}`;
}

/** The sentence a learner reads first. */
export function summaryText(record: MemoryRecord): string {
	if (!record.available) return 'The WebAssembly memory cannot be read here.';
	const { startBytes, endBytes, pageBytes } = record;
	const grown = endBytes - startBytes;
	const sizes = `WebAssembly memory: ${formatBytes(startBytes)} (${formatPages(startBytes, pageBytes)}) at the start, ${formatBytes(endBytes)} (${formatPages(endBytes, pageBytes)}) at the end`;
	const growth =
		grown > 0
			? `grew ${plural(record.growths.length, 'time')} by ${formatPages(grown, pageBytes)} (${formatBytes(grown)})`
			: 'did not grow: malloc found room in memory it already had';
	const shrink = record.shrank ? 'and shrank' : 'and never shrank';
	return `${sizes}: it ${growth}, ${shrink}.`;
}

/** What malloc did: the figure that does go down. */
export function mallocText(record: MemoryRecord): string {
	const first = record.samples[0];
	const last = record.samples.at(-1);
	if (!first || !last || record.mallocPeak === 0) return '';
	return `malloc’s bytes in use (Python’s objects live there): ${formatBytes(first.mallocInUse)} at the start, at most ${formatBytes(record.mallocPeak)} when sampled, ${formatBytes(last.mallocInUse)} at the end; ${formatBytes(last.mallocFree)} freed and kept by malloc for reuse.`;
}

function svg<K extends keyof SVGElementTagNameMap>(
	document: Document,
	tag: K,
	attributes: Record<string, string | number>,
	...children: (Node | string)[]
): SVGElementTagNameMap[K] {
	const node = document.createElementNS(SVG, tag);
	for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
	node.append(...children);
	return node;
}

/** A round top for the y axis: the next 1, 2 or 5 × 10^n MiB above `bytes`. */
export function niceTop(bytes: number): number {
	const mib = Math.max(bytes / 1024 / 1024, 1);
	const power = 10 ** Math.floor(Math.log10(mib));
	const step = [1, 2, 5, 10].find((m) => m * power >= mib) ?? 10;
	return step * power * 1024 * 1024;
}

/** `M x y H x V y …`: a step line, holding each value until the next sample. */
function stepPath(points: [number, number][]): string {
	return points
		.map(([x, y], index) =>
			index === 0 ? `M${x.toFixed(1)} ${y.toFixed(1)}` : `H${x.toFixed(1)} V${y.toFixed(1)}`
		)
		.join(' ');
}

export function renderChart(record: MemoryRecord, { document }: Build): SVGSVGElement {
	const top = niceTop(Math.max(record.peakBytes, record.mallocPeak));
	const span = Math.max(record.durationMs, 0.001);
	const innerW = WIDTH - PAD.left - PAD.right;
	const innerH = HEIGHT - PAD.top - PAD.bottom;
	const x = (ms: number) => PAD.left + (ms / span) * innerW;
	const y = (bytes: number) => PAD.top + innerH - (bytes / top) * innerH;
	const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
		const bytes = top * f;
		return svg(
			document,
			'g',
			{ class: 'mc-grid' },
			svg(document, 'line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(bytes), y2: y(bytes) }),
			svg(
				document,
				'text',
				{ x: PAD.left - 6, y: y(bytes) + 4, 'text-anchor': 'end' },
				`${Math.round(bytes / 1024 / 1024)} MiB`
			)
		);
	});
	const wasm = stepPath(record.samples.map((s) => [x(s.ms), y(s.wasmBytes)]));
	const malloc = stepPath(record.samples.map((s) => [x(s.ms), y(s.mallocInUse)]));
	const marks = record.growths.map((g, index) =>
		svg(
			document,
			'circle',
			{
				class: 'mc-growth',
				cx: x(g.ms).toFixed(1),
				cy: y(g.toBytes).toFixed(1),
				r: 4,
				'data-growth-mark': index,
			},
			svg(
				document,
				'title',
				{},
				`+${formatPages(g.toBytes - g.fromBytes, record.pageBytes)} ${lineText(g.line)}, at ${formatMs(g.ms)}`
			)
		)
	);
	const label = `Chart: WebAssembly memory over ${formatMs(span)}, from ${formatBytes(record.startBytes)} to ${formatBytes(record.endBytes)}, only rising; malloc’s bytes in use beside it, at most ${formatBytes(record.mallocPeak)}. The table below lists the growths.`;
	return svg(
		document,
		'svg',
		{ class: 'mc-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label },
		...grid,
		svg(document, 'path', { class: 'mc-malloc', d: malloc }),
		svg(document, 'path', { class: 'mc-wasm', d: wasm }),
		...marks,
		svg(document, 'text', { class: 'mc-axis', x: PAD.left, y: HEIGHT - 10 }, '0 ms'),
		svg(
			document,
			'text',
			{ class: 'mc-axis', x: WIDTH / 2, y: HEIGHT - 10, 'text-anchor': 'middle' },
			'time since the run began →'
		),
		svg(
			document,
			'text',
			{ class: 'mc-axis', x: WIDTH - PAD.right, y: HEIGHT - 10, 'text-anchor': 'end' },
			formatMs(span)
		)
	);
}

function renderLegend({ document }: Build): HTMLElement {
	const item = (kind: string, text: string) =>
		el(document, 'li', {}, [
			el(document, 'span', { class: `mc-key mc-key-${kind}`, 'aria-hidden': 'true' }),
			` ${text}`,
		]);
	return el(document, 'ul', { class: 'mc-legend', 'aria-label': 'Key' }, [
		item('wasm', 'solid line: WebAssembly memory (whole 64 KiB pages)'),
		item('malloc', 'dashed line: malloc’s bytes in use'),
		item('growth', 'dot: the memory grew'),
	]);
}

export function renderTable(record: MemoryRecord, { document }: Build): HTMLElement {
	const first = record.samples[0];
	const last = record.samples.at(-1);
	const row = (
		kind: string,
		sample: { ms: number; line: number | null; wasmBytes: number },
		change: string,
		extra: Record<string, string> = {}
	) =>
		el(document, 'tr', extra, [
			el(document, 'th', { scope: 'row' }, [kind]),
			el(document, 'td', { 'data-label': 'When' }, [
				`${formatMs(sample.ms)}, ${lineText(sample.line)}`,
			]),
			el(document, 'td', { 'data-label': 'WebAssembly memory' }, [
				`${formatBytes(sample.wasmBytes)} (${formatPages(sample.wasmBytes, record.pageBytes)})`,
			]),
			el(document, 'td', { 'data-label': 'Change' }, [change]),
		]);
	const shown = record.growths.slice(0, TABLE_ROWS);
	const rows = [
		first ? row('Start', first, '—') : null,
		...shown.map((g, index) =>
			row(
				`Growth ${index + 1}`,
				{ ms: g.ms, line: g.line, wasmBytes: g.toBytes },
				`+${formatPages(g.toBytes - g.fromBytes, record.pageBytes)}`,
				{
					'data-growth': String(index),
					'data-pages': String(g.pages),
				}
			)
		),
		last
			? row(
					'End',
					last,
					`${record.endBytes >= record.startBytes ? '+' : ''}${formatPages(record.endBytes - record.startBytes, record.pageBytes)} in all`
				)
			: null,
	];
	const more = record.growths.length - shown.length;
	return el(
		document,
		'div',
		{ class: 'mc-table-box', tabindex: '0', role: 'region', 'aria-label': 'Memory growth table' },
		el(document, 'table', { class: 'mc-table' }, [
			el(document, 'caption', {}, ['When the WebAssembly memory grew']),
			el(document, 'thead', {}, [
				el(
					document,
					'tr',
					{},
					['', 'When', 'WebAssembly memory', 'Change'].map((t) =>
						el(document, 'th', { scope: 'col' }, [t])
					)
				),
			]),
			el(document, 'tbody', {}, rows),
		]),
		more > 0
			? el(document, 'p', { class: 'mc-more' }, [`and ${plural(more, 'more growth')} not listed.`])
			: null
	);
}

/** The whole chart. */
export function render(record: MemoryRecord, { document }: Build): HTMLElement {
	const root = el(document, 'div', {
		class: 'mc-root',
		'data-wasm-memory': '',
		'data-start-bytes': String(record.startBytes),
		'data-end-bytes': String(record.endBytes),
		'data-growths': String(record.growths.length),
		'data-shrank': String(record.shrank),
	});
	root.append(
		el(document, 'p', { class: 'mc-summary', 'data-memory-summary': '' }, [summaryText(record)])
	);
	if (!record.available || record.samples.length === 0) return root;
	const malloc = mallocText(record);
	if (malloc) root.append(el(document, 'p', { class: 'mc-facts' }, [malloc]));
	root.append(
		el(document, 'div', { class: 'mc-chart-box' }, [renderChart(record, { document })]),
		renderLegend({ document }),
		renderTable(record, { document }),
		el(document, 'p', { class: 'mc-facts' }, [
			`${plural(record.samples.length, 'sample')} over ${formatMs(record.durationMs)}${record.thinned > 0 ? ` (${plural(record.thinned, 'more')} thinned out to stay under ${record.maxSamples})` : ''}; the memory may grow to ${formatBytes(record.maxBytes)}.`,
		])
	);
	return root;
}

/**
 * The profile widget's rendering (`widget="profile"`): cProfile's view of a run drawn as an icicle (SVG; each frame
 * a rect carrying `data-frame`, width proportional to its inclusive time, callees below their caller) and the
 * pstats table with sortable columns (buttons in the headers, `aria-sort`). The table is the accessible form of the
 * drawing; the rects are reachable by keyboard too (one tab stop, arrow keys move). Pure DOM building with text
 * nodes; the controller (src/scripts/widgets/profile.ts) wires sorting and the rect ↔ row highlighting.
 *
 * Data comes from `lifecycle.profiler.result` (src/python/lifecycle/profiler.py).
 */
import { el } from './dom';

export interface ProfileRow {
	id: number;
	name: string;
	label: string;
	file: string | null;
	line: number | null;
	ncalls: number;
	primitive: number;
	tottime: number;
	percallTot: number;
	cumtime: number;
	percallCum: number;
}

export interface ProfileNode {
	id: number;
	row: number;
	name: string;
	calls: number;
	time: number;
	self: number;
	estimated: boolean;
	recursive: boolean;
	children: ProfileNode[];
}

export interface Profile {
	filename: string;
	totalTime: number;
	totalCalls: number;
	primitiveCalls: number;
	functions: number;
	rows: ProfileRow[];
	rowsDropped: number;
	tree: ProfileNode[];
	nodesCut: number;
	hasRecursion: boolean;
	hasEstimates: boolean;
	error: string | null;
}

export type SortKey = 'name' | 'ncalls' | 'tottime' | 'percallTot' | 'cumtime' | 'percallCum';
export interface SortState {
	key: SortKey;
	descending: boolean;
}

interface Build {
	document: Document;
}

const SVG = 'http://www.w3.org/2000/svg';
/** The icicle's layout units across its width (drawn as percentages of the panel). */
export const ICICLE_WIDTH = 1000;
export const ROW_HEIGHT = 24;
/** A frame narrower than this (drawing units) is not drawn; it still has its table row. */
export const MIN_WIDTH = 2;

/** pstats' columns, with the function first: it names the row (a row header), and stays in view on a phone. */
export const COLUMNS: { key: SortKey; title: string; explain: string }[] = [
	{ key: 'name', title: 'function', explain: 'name (file:line)' },
	{ key: 'ncalls', title: 'ncalls', explain: 'calls (total/primitive when it recursed)' },
	{ key: 'tottime', title: 'tottime', explain: 'time in the function itself' },
	{ key: 'percallTot', title: 'percall', explain: 'tottime per call' },
	{ key: 'cumtime', title: 'cumtime', explain: 'time including what it called' },
	{ key: 'percallCum', title: 'percall', explain: 'cumtime per primitive call' },
];

export const DEFAULT_SORT: SortState = { key: 'tottime', descending: true };

/** "0.000 s" like pstats for big numbers; µs and ms below, so a 5 µs clock step is visible as such. */
export function formatSeconds(seconds: number): string {
	if (seconds === 0) return '0';
	if (seconds < 0.001) return `${(seconds * 1e6).toFixed(seconds < 1e-5 ? 1 : 0)} µs`;
	if (seconds < 1) return `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1)} ms`;
	return `${seconds.toFixed(3)} s`;
}

/** pstats' ncalls column: "465/1" when some calls were recursive, else "3". */
export function formatCalls(row: Pick<ProfileRow, 'ncalls' | 'primitive'>): string {
	return row.ncalls === row.primitive ? String(row.ncalls) : `${row.ncalls}/${row.primitive}`;
}

/** Rows in the order of a column; ties keep pstats' order (by own time). Names sort A→Z (then by file:line) when ascending. */
export function sortRows(rows: readonly ProfileRow[], sort: SortState): ProfileRow[] {
	const sign = sort.descending ? -1 : 1;
	return [...rows].sort((a, b) => {
		const order =
			sort.key === 'name'
				? a.name.localeCompare(b.name, 'en') || a.label.localeCompare(b.label, 'en')
				: (a[sort.key] as number) - (b[sort.key] as number);
		return order === 0 ? a.id - b.id : sign * order;
	});
}

/** "a (file:line)" for a row, for people: the cell's functions show their line, built-ins their description. */
function where(row: ProfileRow): string {
	return row.file === null ? row.label : `${row.file}:${row.line}`;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

export function summary(profile: Profile): string {
	if (profile.error)
		return `This run was not profiled: ${profile.error}. Only one profiler can be active at a time; disable your own (profiler.disable()) and run again.`;
	if (profile.tree.length === 0) return 'Nothing was recorded: the run called no function.';
	const calls =
		profile.totalCalls === profile.primitiveCalls
			? plural(profile.totalCalls, 'function call')
			: `${plural(profile.totalCalls, 'function call')} (${profile.primitiveCalls.toLocaleString('en')} primitive)`;
	return `${calls} to ${plural(profile.functions, 'function')} in ${formatSeconds(profile.totalTime)}, as cProfile measured them.`;
}

/** One laid-out frame of the icicle. */
export interface Frame {
	node: ProfileNode;
	depth: number;
	x: number;
	width: number;
	parent: number | null;
}

/** Lay the tree out: each root's width in proportion to its time, children from their parent's left edge. */
export function layout(profile: Profile): Frame[] {
	const frames: Frame[] = [];
	const total = profile.tree.reduce((sum, node) => sum + node.time, 0);
	const scale = total > 0 ? ICICLE_WIDTH / total : 0;
	const place = (node: ProfileNode, depth: number, x: number, parent: number | null) => {
		const width = node.time * scale;
		if (width < MIN_WIDTH) return;
		const index = frames.length;
		frames.push({ node, depth, x, width, parent });
		let left = x;
		for (const child of node.children) {
			place(child, depth + 1, left, index);
			left += child.time * scale;
		}
	};
	let left = 0;
	for (const root of profile.tree) {
		place(root, 0, left, null);
		left += root.time * scale;
	}
	return frames;
}

function frameTitle(frame: Frame, profile: Profile): string {
	const { node } = frame;
	const share = profile.totalTime > 0 ? (node.time / profile.totalTime) * 100 : 0;
	const row = profile.rows[node.row];
	const parts = [
		`${node.name}${row ? ` (${where(row)})` : ''}`,
		`${plural(node.calls, 'call')} here, ${formatSeconds(node.time)} (${share.toFixed(1)}% of the run), ${formatSeconds(node.self)} in itself`,
	];
	if (node.recursive) parts.push('recursive call: already on this path, not expanded again');
	if (node.estimated) parts.push('time shared out: this function is reached along several paths');
	return parts.join('; ');
}

function svg<K extends keyof SVGElementTagNameMap>(
	document: Document,
	tag: K,
	attributes: Record<string, string>,
	...children: (Node | string)[]
): SVGElementTagNameMap[K] {
	const node = document.createElementNS(SVG, tag);
	for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
	node.append(...children);
	return node;
}

/** A percentage of the icicle's width, from drawing units. */
function percent(units: number): string {
	return `${((units / ICICLE_WIDTH) * 100).toFixed(3)}%`;
}

/**
 * The icicle: one rect per frame (`data-frame` = its name, `data-row` = its table row), a `<title>` each. Each
 * frame is a nested `<svg>` placed in percentages, so the drawing fills the panel at any width while its text keeps
 * its size, and a name longer than its frame is clipped at the frame's edge (a nested svg clips its content).
 */
export function renderIcicle(profile: Profile, { document }: Build): SVGSVGElement {
	const frames = layout(profile);
	const depth = frames.reduce((most, f) => Math.max(most, f.depth), 0) + 1;
	const height = depth * ROW_HEIGHT;
	const root = svg(document, 'svg', {
		class: 'pv-icicle',
		width: '100%',
		height: String(height),
		role: 'group',
		'aria-label': `Icicle graph of ${plural(frames.length, 'frame')}: callers above, what they called below, widths in proportion to time. Arrow keys move between frames; the table below has the same numbers.`,
		'data-icicle': '',
	});
	frames.forEach((frame, index) => {
		const { node } = frame;
		const title = frameTitle(frame, profile);
		const classes = ['pv-frame'];
		if (node.recursive) classes.push('pv-recursive');
		if (node.estimated) classes.push('pv-estimated');
		const group = svg(document, 'g', {
			class: classes.join(' '),
			'data-frame': node.name,
			'data-row': String(node.row),
			'data-index': String(index),
			'data-depth': String(frame.depth),
			'data-parent': frame.parent === null ? '' : String(frame.parent),
			tabindex: index === 0 ? '0' : '-1',
			role: 'button',
			'aria-label': title,
		});
		const box = svg(document, 'svg', {
			x: percent(frame.x),
			y: String(frame.depth * ROW_HEIGHT),
			width: percent(frame.width),
			height: String(ROW_HEIGHT - 2),
		});
		box.append(
			svg(
				document,
				'rect',
				{ 'data-frame': node.name, x: '0', y: '0', width: '100%', height: '100%', rx: '2' },
				svg(document, 'title', {}, title)
			),
			svg(
				document,
				'text',
				{ x: '4', y: String(ROW_HEIGHT / 2 + 4), 'aria-hidden': 'true' },
				`${node.recursive ? '↻ ' : ''}${node.name}`
			)
		);
		group.append(box);
		root.append(group);
	});
	return root;
}

/** The pstats table. Header buttons sort it; `aria-sort` says how it is sorted now. */
export function renderTable(profile: Profile, sort: SortState, { document }: Build): HTMLTableElement {
	const header = el(
		document,
		'tr',
		{},
		COLUMNS.map((column) => {
			const active = column.key === sort.key;
			const direction = sort.descending ? 'descending' : 'ascending';
			const attributes: Record<string, string> = { scope: 'col' };
			if (active) attributes['aria-sort'] = direction;
			if (column.key === 'name') attributes['class'] = 'pv-name-col';
			return el(
				document,
				'th',
				attributes,
				el(
					document,
					'button',
					{
						type: 'button',
						class: 'pv-sort',
						'data-sort': column.key,
						title: `Sort by ${column.explain}`,
					},
					column.title,
					el(document, 'span', { class: 'pv-sort-mark', 'aria-hidden': 'true' }, [
						active ? (sort.descending ? ' ▼' : ' ▲') : '',
					])
				)
			);
		})
	);
	const rows = sortRows(profile.rows, sort).map((row) =>
		el(document, 'tr', { 'data-row': String(row.id), 'data-function': row.name }, [
			el(document, 'th', { scope: 'row', class: 'pv-name-col' }, [
				el(document, 'code', {}, [row.name]),
				el(document, 'span', { class: 'pv-where' }, [` ${where(row)}`]),
			]),
			el(document, 'td', { 'data-label': 'ncalls' }, [formatCalls(row)]),
			el(document, 'td', { 'data-label': 'tottime' }, [formatSeconds(row.tottime)]),
			el(document, 'td', { 'data-label': 'percall' }, [formatSeconds(row.percallTot)]),
			el(document, 'td', { 'data-label': 'cumtime' }, [formatSeconds(row.cumtime)]),
			el(document, 'td', { 'data-label': 'percall' }, [formatSeconds(row.percallCum)]),
		])
	);
	// The caption names the table and its order for screen readers; sighted readers have the note above the box
	// (a caption is as wide as the table, so on a phone it would be cut off by the scrolling box).
	return el(document, 'table', { class: 'pv-table', 'data-profile-table': '' }, [
		el(document, 'caption', { class: 'visually-hidden' }, [
			`Every function the run called, sorted by ${COLUMNS.find((c) => c.key === sort.key)?.explain ?? sort.key}, ${sort.key === 'name' ? (sort.descending ? 'Z to A' : 'A to Z') : sort.descending ? 'largest first' : 'smallest first'}.`,
		]),
		el(document, 'thead', {}, [header]),
		el(document, 'tbody', {}, rows),
	]);
}

function renderNotes(profile: Profile, { document }: Build): HTMLElement | null {
	const notes: string[] = [];
	if (profile.hasRecursion)
		notes.push(
			'↻ marks a recursive call: cProfile records only caller → callee pairs, so a function already on the path is not expanded again; its time is inside its first frame.'
		);
	if (profile.hasEstimates)
		notes.push(
			'Frames with a dashed edge belong to a function reached along several paths: pstats does not say which path its callees’ time came from, so that time is shared out in proportion.'
		);
	if (profile.nodesCut > 0)
		notes.push(`${plural(profile.nodesCut, 'smaller call')} not drawn (the graph is capped); the table lists every function.`);
	if (profile.rowsDropped > 0)
		notes.push(`The table lists the ${profile.rows.length} functions with the most own time; ${profile.rowsDropped} more are not listed.`);
	if (notes.length === 0) return null;
	return el(document, 'ul', { class: 'pv-notes' }, notes.map((note) => el(document, 'li', {}, [note])));
}

/** The whole widget; `clock` is a sentence about the timer's granularity in this page (from the controller). */
export function render(
	profile: Profile,
	sort: SortState,
	{ document, clock }: Build & { clock?: string }
): HTMLElement {
	const root = el(document, 'div', { class: 'pv-root', 'data-profile': '' });
	root.append(el(document, 'p', { class: 'pv-summary', 'data-profile-summary': '' }, [summary(profile)]));
	if (profile.error || profile.tree.length === 0) return root;
	root.append(
		el(document, 'div', { class: 'pv-icicle-box' }, [renderIcicle(profile, { document })]),
		el(document, 'p', { class: 'pv-hint' }, [
			'Widths are inclusive time; each row below a frame is what it called. Focus or hover a frame to find its row in the table.',
			clock ? ` ${clock}` : '',
		])
	);
	const notes = renderNotes(profile, { document });
	if (notes) root.append(notes);
	root.append(
		el(document, 'p', { class: 'pv-table-note' }, [
			'Every function the run called, as pstats lists them (times include cProfile’s own overhead). The buttons in the header sort by that column; press again to reverse.',
		]),
		el(
			document,
			'div',
			{ class: 'pv-table-box', tabindex: '0', role: 'region', 'aria-label': 'pstats table' },
			[renderTable(profile, sort, { document })]
		)
	);
	return root;
}

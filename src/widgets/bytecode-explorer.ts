/**
 * The bytecode explorer's rendering: one accessible table per code object (one row per instruction, as
 * `dis.get_instructions` gives them), jump arguments as buttons to their target rows, the exception table drawn
 * as a bracket column over the rows it protects and listed under the table, the view toggles and the opcode
 * explanation. Pure DOM building with text nodes; the controller (src/scripts/widgets/bytecode.ts) wires events.
 *
 * Data comes from `lifecycle.bytecode.explore` and `lifecycle.bytecode.explain` (src/python/lifecycle/bytecode.py).
 */
import type { SourceSpan } from './source-view';
import { el, type Child } from './dom';

export interface Instruction {
	offset: number;
	opname: string;
	baseopname: string;
	opcode: number;
	arg: number | null;
	argrepr: string;
	line: number | null;
	label: number | null;
	jumpTarget: number | null;
	positions: SourceSpan | null;
	isCache: boolean;
	cache_info?: { name: string; size: number; value: string };
}

export interface ExceptionEntry {
	start: number;
	end: number;
	target: number;
	depth: number;
	lasti: boolean;
	startLabel: number | null;
	endLabel: number | null;
	targetLabel: number | null;
}

export type CodeKind = 'module' | 'function' | 'class' | 'lambda' | 'comprehension' | 'other';

export interface CodeObject {
	name: string;
	qualname: string;
	kind: CodeKind;
	firstLine: number;
	instructions: Instruction[];
	exceptionTable: ExceptionEntry[];
	truncated: boolean;
}

export interface Explanation {
	opname: string;
	text: string;
	stackEffect?: { value: number; arg: number | null; of: string; jump?: number; noJump?: number };
	family?: string;
	members?: string[];
}

export interface ViewOptions {
	adaptive: boolean;
	showCaches: boolean;
}

interface Build {
	document: Document;
}

/** What a code object is, in words, for captions: "function scale, line 2". */
export function describeCode(code: CodeObject): string {
	switch (code.kind) {
		case 'module':
			return 'the module';
		case 'function':
			return `function ${code.qualname}, line ${code.firstLine}`;
		case 'class':
			return `class body ${code.qualname}, line ${code.firstLine}`;
		case 'lambda':
			return `lambda ${code.qualname}, line ${code.firstLine}`;
		case 'comprehension':
			return `${code.name === '<genexpr>' ? 'generator expression' : 'comprehension'} ${code.qualname}, line ${code.firstLine}`;
		default:
			return `${code.qualname}, line ${code.firstLine}`;
	}
}

/** "+1", "-2", "0": a stack effect with its sign. */
function signed(value: number): string {
	return value > 0 ? `+${value}` : value < 0 ? `−${-value}` : '0';
}

/** The toolbar: the two view toggles (checkboxes, so their state is announced) and a keyboard hint. */
export function renderToolbar(options: ViewOptions, { document }: Build): HTMLElement {
	const toggle = (name: string, label: string, checked: boolean) => {
		const input = el(document, 'input', { type: 'checkbox', 'data-option': name });
		input.checked = checked;
		if (checked) input.setAttribute('checked', '');
		return el(document, 'label', { class: 'bx-toggle' }, [input, ` ${label}`]);
	};
	return el(document, 'div', { class: 'bx-toolbar' }, [
		el(document, 'fieldset', { class: 'bx-options' }, [
			el(document, 'legend', { class: 'visually-hidden' }, ['Bytecode view']),
			toggle('adaptive', 'Specialized (adaptive) view', options.adaptive),
			toggle('caches', 'Show inline caches', options.showCaches),
		]),
		el(document, 'p', { class: 'bx-hint' }, [
			'Focus a row to see its source; ↑ ↓ move between instructions, → reaches the row’s buttons, Enter explains. Select source to find its instructions.',
		]),
	]);
}

/** For each row, which exception-table entries protect it (by index), to draw the bracket column. */
function coverage(code: CodeObject): number[][] {
	return code.instructions.map((row) =>
		code.exceptionTable.flatMap((entry, index) =>
			row.offset >= entry.start && row.offset < entry.end ? [index] : []
		)
	);
}

function bracketCell(
	document: Document,
	code: CodeObject,
	rowIndex: number,
	covered: number[][]
): HTMLElement {
	const cell = el(document, 'td', { class: 'bx-exc' });
	const entries = code.exceptionTable;
	if (entries.length === 0) return cell;
	const here = covered[rowIndex] ?? [];
	const before = covered[rowIndex - 1] ?? [];
	const after = covered[rowIndex + 1] ?? [];
	const marks = el(document, 'span', { class: 'bx-exc-marks', 'aria-hidden': 'true' });
	entries.forEach((_, index) => {
		const on = here.includes(index);
		const classes = ['bx-exc-bar'];
		if (on) classes.push('bx-exc-on');
		if (on && !before.includes(index)) classes.push('bx-exc-first');
		if (on && !after.includes(index)) classes.push('bx-exc-last');
		marks.append(el(document, 'span', { class: classes.join(' ') }, [on ? String(index + 1) : '']));
	});
	cell.append(marks);
	if (here.length > 0) {
		const names = here.map(
			(index) => `entry ${index + 1} (handler L${entries[index]?.targetLabel ?? '?'})`
		);
		cell.append(
			el(document, 'span', { class: 'visually-hidden' }, [
				`protected by exception table ${names.join(', ')}`,
			])
		);
	}
	return cell;
}

/** At most this many arrow lanes are drawn; jumps beyond them keep their button link only. */
export const MAX_LANES = 6;

/** One segment of a jump arrow in one row: which lane, and whether the arrow starts, ends or passes here. */
export interface ArrowPiece {
	lane: number;
	part: 'through' | 'top' | 'bottom';
	/** This row is the jump's source (a stub), or its target (a stub with an arrowhead). */
	end: 'source' | 'target' | null;
}

/**
 * Jump arrows as lanes beside the listing: every jump gets the first lane free over the rows between it and its
 * target, so crossing jumps stay apart. Returns, for each row, the pieces to draw in it, and the lane count.
 */
export function arrowLanes(rows: readonly Instruction[]): {
	pieces: ArrowPiece[][];
	lanes: number;
} {
	const pieces: ArrowPiece[][] = rows.map(() => []);
	const indexOf = new Map<number, number>();
	rows.forEach((row, index) => {
		if (!row.isCache) indexOf.set(row.offset, index);
	});
	const busy: [number, number][][] = [];
	let lanes = 0;
	rows.forEach((row, from) => {
		if (row.jumpTarget === null || row.isCache) return;
		const to = indexOf.get(row.jumpTarget);
		if (to === undefined || to === from) return;
		const [low, high] = from < to ? [from, to] : [to, from];
		let lane = busy.findIndex((taken) => taken.every(([a, b]) => b < low || high < a));
		if (lane === -1) lane = busy.length;
		if (lane >= MAX_LANES) return;
		(busy[lane] ??= []).push([low, high]);
		lanes = Math.max(lanes, lane + 1);
		for (let index = low; index <= high; index += 1) {
			const part = index === low ? 'bottom' : index === high ? 'top' : 'through';
			const end = index === from ? 'source' : index === to ? 'target' : null;
			pieces[index]?.push({ lane, part, end });
		}
	});
	return { pieces, lanes };
}

function arrowCell(document: Document, pieces: readonly ArrowPiece[], lanes: number): HTMLElement {
	const cell = el(document, 'td', { class: 'bx-arrows', 'aria-hidden': 'true' });
	cell.style.setProperty('--lanes', String(lanes));
	for (const piece of pieces) {
		const classes = ['bx-arrow', `bx-arrow-${piece.part}`];
		if (piece.end) classes.push(`bx-arrow-${piece.end}`);
		const span = el(document, 'span', { class: classes.join(' ') });
		span.style.setProperty('--lane', String(piece.lane));
		cell.append(span);
	}
	return cell;
}

/** The row's "?" button, named "Explain OPNAME"; reached by → from the focused row. */
function explainButton(document: Document, row: Instruction): HTMLElement {
	return el(
		document,
		'button',
		{
			type: 'button',
			class: 'bx-explain',
			tabindex: '-1',
			'data-explain': row.opname,
			'data-arg': row.arg === null ? '' : String(row.arg),
			'aria-label': `Explain ${row.opname}`,
		},
		['?']
	);
}

function argumentCell(
	document: Document,
	row: Instruction,
	labels: Map<number, number>
): HTMLElement {
	const cell = el(document, 'td', { class: 'bx-meaning' });
	if (row.jumpTarget !== null) {
		const label = labels.get(row.jumpTarget);
		const button = el(
			document,
			'button',
			{
				type: 'button',
				class: 'bx-jump',
				tabindex: '-1',
				'data-jump-to': String(row.jumpTarget),
				'aria-label':
					`Go to jump target ${label !== undefined ? `L${label}` : ''} at offset ${row.jumpTarget}`.replace(
						'  ',
						' '
					),
			},
			[row.argrepr || `to ${row.jumpTarget}`]
		);
		cell.append(button);
	} else if (row.argrepr) {
		cell.append(row.argrepr);
	}
	return cell;
}

function instructionRow(
	document: Document,
	code: CodeObject,
	codeIndex: number,
	rowIndex: number,
	labels: Map<number, number>,
	covered: number[][],
	arrows: { pieces: ArrowPiece[][]; lanes: number },
	previousLine: number | null | undefined
): HTMLTableRowElement {
	const row = code.instructions[rowIndex] as Instruction;
	const classes = ['bx-row'];
	if (row.isCache) classes.push('bx-cache');
	if (row.label !== null) classes.push('bx-target');
	if (row.opname !== row.baseopname) classes.push('bx-specialized');
	const tr = el(document, 'tr', {
		class: classes.join(' '),
		tabindex: rowIndex === 0 ? '0' : '-1',
		'data-code-index': String(codeIndex),
		'data-index': String(rowIndex),
		'data-opname': row.opname,
		'data-offset': String(row.offset),
		'data-line': row.line === null ? '' : String(row.line),
	});
	const showLine = !row.isCache && row.line !== null && row.line !== previousLine;
	tr.append(
		el(document, 'td', { class: 'bx-line' }, [showLine ? String(row.line) : '']),
		bracketCell(document, code, rowIndex, covered),
		arrowCell(document, arrows.pieces[rowIndex] ?? [], arrows.lanes),
		el(document, 'td', { class: 'bx-label' }, [row.label !== null ? `L${row.label}:` : '']),
		el(document, 'td', { class: 'bx-offset' }, [String(row.offset)]),
		el(document, 'td', { class: 'bx-opname' }, [
			el(document, 'code', {}, [row.opname]),
			' ',
			explainButton(document, row),
			row.opname !== row.baseopname
				? el(document, 'span', { class: 'bx-family' }, [` (specialized ${row.baseopname})`])
				: null,
		]),
		el(document, 'td', { class: 'bx-arg' }, [row.arg === null ? '' : String(row.arg)]),
		argumentCell(document, row, labels)
	);
	return tr;
}

/** Words for an exception-table entry, as dis prints it: "L1 to L2 → L3, depth 1, lasti". */
export function describeEntry(entry: ExceptionEntry): string {
	const label = (value: number | null, offset: number) =>
		value === null ? `offset ${offset}` : `L${value}`;
	return `${label(entry.startLabel, entry.start)} to ${label(entry.endLabel, entry.end)} → ${label(entry.targetLabel, entry.target)}, depth ${entry.depth}${entry.lasti ? ', lasti' : ''}`;
}

function exceptionTable(document: Document, code: CodeObject): HTMLElement | null {
	if (code.exceptionTable.length === 0) return null;
	const label = (value: number | null, offset: number) =>
		value === null ? String(offset) : `L${value}`;
	const head = el(
		document,
		'tr',
		{},
		['Entry', 'Protects', 'Handler', 'Stack depth', 'Pushes lasti'].map((name) =>
			el(document, 'th', { scope: 'col' }, [name])
		)
	);
	const body = el(
		document,
		'tbody',
		{},
		code.exceptionTable.map((entry, index) =>
			el(document, 'tr', { 'data-exception-entry': String(index) }, [
				el(document, 'td', {}, [String(index + 1)]),
				el(document, 'td', {}, [
					`${label(entry.startLabel, entry.start)} to ${label(entry.endLabel, entry.end)} (offsets ${entry.start}–${entry.end - 2})`,
				]),
				el(document, 'td', {}, [
					`→ ${label(entry.targetLabel, entry.target)} (offset ${entry.target})`,
				]),
				el(document, 'td', {}, [String(entry.depth)]),
				el(document, 'td', {}, [entry.lasti ? 'lasti' : 'no']),
			])
		)
	);
	return el(document, 'table', { class: 'bx-exception-table' }, [
		el(document, 'caption', {}, [`Exception table of ${describeCode(code)}`]),
		el(document, 'thead', {}, [head]),
		body,
	]);
}

/** One code object: its caption, the instruction table in a horizontal scroller, its exception table. */
export function renderCode(code: CodeObject, codeIndex: number, { document }: Build): HTMLElement {
	const labels = new Map<number, number>();
	for (const row of code.instructions) if (row.label !== null) labels.set(row.offset, row.label);
	const covered = coverage(code);
	const arrows = arrowLanes(code.instructions);
	const headers = [
		'Line',
		code.exceptionTable.length > 0 ? 'Try' : '',
		'',
		'Label',
		'Offset',
		'Instruction',
		'Arg',
		'Meaning',
	];
	const head = el(
		document,
		'tr',
		{},
		headers.map((name, index) =>
			el(document, 'th', { scope: 'col', class: ['', 'bx-exc', 'bx-arrows'][index] ?? '' }, [
				name === ''
					? el(document, 'span', { class: 'visually-hidden' }, [
							index === 1 ? 'Exception table' : 'Jump arrows',
						])
					: name,
			])
		)
	);
	const body = el(document, 'tbody');
	let previousLine: number | null | undefined;
	code.instructions.forEach((row, rowIndex) => {
		body.append(
			instructionRow(document, code, codeIndex, rowIndex, labels, covered, arrows, previousLine)
		);
		if (!row.isCache) previousLine = row.line;
	});
	const table = el(document, 'table', { class: 'bx-table' }, [
		el(document, 'caption', {}, [`Bytecode of ${describeCode(code)}`]),
		el(document, 'thead', {}, [head]),
		body,
	]);
	return el(
		document,
		'section',
		{
			class: 'bx-code',
			'data-code-index': String(codeIndex),
			'data-qualname': code.qualname,
			'data-kind': code.kind,
		},
		[
			el(document, 'div', { class: 'bx-scroll' }, [table]),
			code.truncated
				? el(document, 'p', { class: 'bx-notice', role: 'note' }, [
						'The listing stops here: the explorer shows at most 5,000 instructions of a program.',
					])
				: null,
			exceptionTable(document, code),
		]
	);
}

/** Buttons that bring one code object's table into view (and focus its first row). */
export function renderPicker(codes: readonly CodeObject[], { document }: Build): HTMLElement {
	return el(document, 'nav', { class: 'bx-picker', 'aria-label': 'Code objects' }, [
		el(document, 'span', { class: 'bx-picker-title' }, [
			`${codes.length} code object${codes.length === 1 ? '' : 's'}:`,
		]),
		el(
			document,
			'ul',
			{},
			codes.map((code, index) =>
				el(document, 'li', {}, [
					el(document, 'button', { type: 'button', class: 'bx-pick', 'data-pick': String(index) }, [
						describeCode(code),
					]),
				])
			)
		),
	]);
}

/** Every code object, module first, with the picker above them. */
export function renderListings(codes: readonly CodeObject[], { document }: Build): HTMLElement {
	const container = el(document, 'div', { class: 'bx-listings-wrap', 'data-bx-listings': '' });
	const scroller = el(document, 'div', { class: 'bx-listings' });
	if (codes.length === 0)
		scroller.append(el(document, 'p', { class: 'bx-notice' }, ['No bytecode to show.']));
	codes.forEach((code, index) => scroller.append(renderCode(code, index, { document })));
	if (codes.length > 1) container.append(renderPicker(codes, { document }));
	container.append(scroller);
	return container;
}

/** The explanation of one opcode: what it does, its stack effect and its specialization family. */
export function renderExplanation(explanation: Explanation, { document }: Build): HTMLElement {
	const parts: Child[] = [
		el(document, 'p', { class: 'bx-explain-title' }, [
			el(document, 'code', {}, [explanation.opname]),
		]),
		el(document, 'p', {}, [explanation.text]),
	];
	const effect = explanation.stackEffect;
	if (effect) {
		const of = effect.of !== explanation.opname ? ` (as ${effect.of})` : '';
		const arg = effect.arg !== null ? ` with argument ${effect.arg}` : '';
		let text = `Stack effect${arg}${of}: ${signed(effect.value)}`;
		if (effect.jump !== undefined && effect.noJump !== undefined && effect.jump !== effect.noJump) {
			text += ` (${signed(effect.jump)} when it jumps, ${signed(effect.noJump)} when it does not)`;
		} else if (effect.jump !== undefined) {
			text += ', whether it jumps or not';
		}
		parts.push(el(document, 'p', { 'data-stack-effect': String(effect.value) }, [`${text}.`]));
	}
	if (explanation.family && explanation.members?.length) {
		const specialized = explanation.family !== explanation.opname;
		const intro = specialized
			? `Family: specialized from ${explanation.family}, whose forms are `
			: `Specialized forms the adaptive interpreter can swap in: `;
		parts.push(
			el(document, 'p', { class: 'bx-members' }, [intro, explanation.members.join(', '), '.'])
		);
	}
	return el(
		document,
		'div',
		{ class: 'bx-explanation', 'data-explained': explanation.opname },
		parts
	);
}

/** The whole widget for one set of data: toolbar, source view slot, listings, explanation and live regions. */
export function render(
	codes: readonly CodeObject[],
	{ document, options, source }: Build & { options: ViewOptions; source: HTMLElement }
): HTMLElement {
	return el(document, 'div', { class: 'bytecode-explorer', 'data-bytecode-explorer': '' }, [
		renderToolbar(options, { document }),
		el(document, 'div', { class: 'bx-source' }, [source]),
		renderListings(codes, { document }),
		el(
			document,
			'div',
			{
				class: 'bx-explain-panel',
				'data-bx-explain': '',
				role: 'region',
				'aria-label': 'Opcode explanation',
				'aria-live': 'polite',
			},
			[el(document, 'p', { class: 'bx-hint' }, ['Press a row’s ? button to explain its opcode.'])]
		),
		el(document, 'p', {
			class: 'visually-hidden',
			'data-bx-status': '',
			role: 'status',
			'aria-live': 'polite',
		}),
	]);
}

/**
 * The `codeobject` widget's drawing: one section per code object (the module first, then each nested one in
 * source order) with a table of every field, what it means, and its value. co_lines() and co_positions() are
 * lists the learner walks with the arrow keys; the controller highlights each entry's range in the source view.
 *
 * Data: lifecycle.compiler.code_objects (src/python/lifecycle/compiler.py).
 */
import { renderSource, type SourceSpan } from './source-view';
import { el } from './dom';

export interface CodeObjectInfo {
	co_name: string;
	co_qualname: string;
	co_filename: string;
	co_firstlineno: number;
	co_argcount: number;
	co_posonlyargcount: number;
	co_kwonlyargcount: number;
	co_nlocals: number;
	co_stacksize: number;
	co_flags: { value: number; names: string[] };
	co_consts: { repr: string; code: string | null }[];
	co_names: string[];
	co_varnames: string[];
	co_cellvars: string[];
	co_freevars: string[];
	co_code: { hex: string; length: number; units: number; truncated: boolean };
	co_lines: [number, number, number | null][];
	co_positions: { offset: number; opname: string; raw: (number | null)[]; span: SourceSpan | null }[];
	positionsTruncated?: boolean;
	co_exceptiontable: {
		hex: string;
		length: number;
		entries: { start: number; end: number; target: number; depth: number; lasti: boolean }[];
	};
}

export interface CodeObjectsData {
	source: string;
	codeObjects?: CodeObjectInfo[];
	truncated?: boolean;
	error?: string;
}

/** What each field means, in a sentence a learner can use. */
export const FIELD_MEANINGS: Record<string, string> = {
	co_name: 'The name of the function, class body or module ("<module>").',
	co_qualname: 'The qualified name: where it is defined, e.g. "outer.<locals>.inner".',
	co_filename: 'The file the code was compiled from; tracebacks print it.',
	co_firstlineno: 'The source line where this code starts.',
	co_argcount: 'How many positional parameters (positional-only included).',
	co_posonlyargcount: 'How many parameters are positional-only (before "/").',
	co_kwonlyargcount: 'How many parameters are keyword-only (after "*").',
	co_nlocals: 'How many local variables, parameters included.',
	co_stacksize: 'The deepest the value stack gets: the frame reserves this many slots.',
	co_flags: 'Bit flags the compiler set: how a frame for this code must be set up.',
	co_consts: 'The constants the bytecode loads with LOAD_CONST (nested code objects too).',
	co_names: 'Global, built-in and attribute names, used by LOAD_GLOBAL, LOAD_NAME, LOAD_ATTR…',
	co_varnames: 'Local variable names, parameters first; LOAD_FAST uses their index.',
	co_cellvars: 'Locals that inner functions use: they live in cells.',
	co_freevars: 'Variables taken from an enclosing function (its cells).',
	co_code: 'The bytecode: 2 bytes per code unit (opcode, argument); inline caches included.',
	co_lines: 'Which bytecode offsets belong to which source line: (start, end, line).',
	co_positions: 'For each code unit: (line, end line, column, end column) of the source it came from.',
	co_exceptiontable: 'Where to jump when an exception is raised in a range of offsets ("zero-cost" try).',
};

function tuple(items: readonly string[]): string {
	if (items.length === 1) return `(${items[0]},)`;
	return `(${items.join(', ')})`;
}

function quoted(names: readonly string[]): string {
	return tuple(names.map((name) => `'${name}'`));
}

function setSpan(node: HTMLElement, span: SourceSpan | null): void {
	if (!span) return;
	node.dataset['line'] = String(span.line);
	node.dataset['col'] = String(span.col);
	node.dataset['endLine'] = String(span.endLine);
	node.dataset['endCol'] = String(span.endCol);
}

/** The span an entry of co_lines/co_positions points at, read back from its data attributes. */
export function entrySpan(node: HTMLElement): SourceSpan | null {
	const { line, col, endLine, endCol } = node.dataset;
	if (line === undefined || col === undefined || endLine === undefined || endCol === undefined) return null;
	return { line: Number(line), col: Number(col), endLine: Number(endLine), endCol: Number(endCol) };
}

/** A list walked with the arrow keys: only one entry is in the Tab order (roving tabindex). */
function entryList(document: Document, label: string): HTMLUListElement {
	return el(document, 'ul', { class: 'co-entries', role: 'listbox', 'aria-label': label });
}

function entry(document: Document, text: string, first: boolean): HTMLLIElement {
	return el(document, 'li', { role: 'option', tabindex: first ? '0' : '-1', 'aria-selected': 'false' }, text);
}

function linesValue(document: Document, info: CodeObjectInfo): HTMLElement {
	const list = entryList(document, `co_lines() of ${info.co_qualname}`);
	info.co_lines.forEach(([start, end, line], i) => {
		const item = entry(document, `(${start}, ${end}, ${line === null ? 'None' : line})`, i === 0);
		if (line !== null) setSpan(item, { line, col: 0, endLine: line, endCol: 10_000 });
		list.append(item);
	});
	return list;
}

function positionsValue(document: Document, info: CodeObjectInfo): HTMLElement {
	const list = entryList(document, `co_positions() of ${info.co_qualname}, in character columns`);
	info.co_positions.forEach((position, i) => {
		const [line, endLine, col, endCol] = position.span
			? [position.span.line, position.span.endLine, position.span.col, position.span.endCol]
			: position.raw;
		const show = (value: number | null | undefined) => (value === null || value === undefined ? 'None' : String(value));
		const item = entry(
			document,
			`${String(position.offset).padStart(3)} ${position.opname}: (${show(line)}, ${show(endLine)}, ${show(col)}, ${show(endCol)})`,
			i === 0
		);
		setSpan(item, position.span);
		list.append(item);
	});
	const wrap = el(document, 'div', {}, list);
	if (info.positionsTruncated) wrap.append(el(document, 'p', { class: 'widget-note' }, 'Only the first entries are shown.'));
	return wrap;
}

function exceptionValue(document: Document, info: CodeObjectInfo): HTMLElement {
	const table = info.co_exceptiontable;
	if (table.length === 0) return el(document, 'span', {}, "b'' (empty: no try, with or cleanup code here)");
	const rows = table.entries.map((e) =>
		el(
			document,
			'li',
			{},
			`offsets ${e.start} to ${e.end} → handler at ${e.target}, stack depth ${e.depth}${e.lasti ? ', push the offset (lasti)' : ''}`
		)
	);
	return el(
		document,
		'div',
		{},
		el(document, 'code', { class: 'co-hex', tabindex: '0', 'aria-label': `co_exceptiontable of ${info.co_qualname}, in hex` }, table.hex),
		el(document, 'span', { class: 'co-sub' }, ` ${table.length} bytes, decoded by dis:`),
		el(document, 'ul', { class: 'co-exc' }, ...rows)
	);
}

function constsValue(document: Document, info: CodeObjectInfo, idOf: (qualname: string) => string | null): HTMLElement {
	if (info.co_consts.length === 0) return el(document, 'code', {}, '()');
	const list = el(document, 'ol', { class: 'co-consts', start: '0' });
	for (const k of info.co_consts) {
		const target = k.code ? idOf(k.code) : null;
		list.append(
			el(document, 'li', {}, target ? el(document, 'a', { href: `#${target}` }, el(document, 'code', {}, k.repr)) : el(document, 'code', {}, k.repr))
		);
	}
	return list;
}

function fieldRow(document: Document, field: string, value: Node | string): HTMLTableRowElement {
	return el(
		document,
		'tr',
		{ 'data-field': field },
		el(document, 'th', { scope: 'row' }, el(document, 'code', {}, field)),
		el(document, 'td', { class: 'co-value', 'data-label': 'Value' }, typeof value === 'string' ? el(document, 'code', {}, value) : value),
		el(document, 'td', { class: 'co-meaning', 'data-label': 'Meaning' }, FIELD_MEANINGS[field] ?? '')
	);
}

function section(document: Document, info: CodeObjectInfo, id: string, idOf: (qualname: string) => string | null): HTMLElement {
	const flags = info.co_flags.names.length > 0 ? `${info.co_flags.value} = ${info.co_flags.names.join(' | ')}` : `${info.co_flags.value} (no flags)`;
	const code = el(
		document,
		'div',
		{},
		el(document, 'code', { class: 'co-hex', tabindex: '0', 'aria-label': `co_code of ${info.co_qualname}, in hex` }, info.co_code.hex + (info.co_code.truncated ? ' …' : '')),
		el(document, 'span', { class: 'co-sub' }, ` ${info.co_code.length} bytes = ${info.co_code.units} code units`)
	);
	const rows: [string, Node | string][] = [
		['co_name', `'${info.co_name}'`],
		['co_qualname', `'${info.co_qualname}'`],
		['co_filename', `'${info.co_filename}'`],
		['co_firstlineno', String(info.co_firstlineno)],
		['co_argcount', String(info.co_argcount)],
		['co_posonlyargcount', String(info.co_posonlyargcount)],
		['co_kwonlyargcount', String(info.co_kwonlyargcount)],
		['co_nlocals', String(info.co_nlocals)],
		['co_stacksize', String(info.co_stacksize)],
		['co_flags', flags],
		['co_consts', constsValue(document, info, idOf)],
		['co_names', quoted(info.co_names)],
		['co_varnames', quoted(info.co_varnames)],
		['co_cellvars', quoted(info.co_cellvars)],
		['co_freevars', quoted(info.co_freevars)],
		['co_code', code],
		['co_lines', linesValue(document, info)],
		['co_positions', positionsValue(document, info)],
		['co_exceptiontable', exceptionValue(document, info)],
	];
	const body = el(document, 'tbody');
	for (const [field, value] of rows) body.append(fieldRow(document, field, value));
	const table = el(
		document,
		'table',
		{ class: 'widget-table co-table' },
		el(
			document,
			'thead',
			{},
			el(
				document,
				'tr',
				{},
				el(document, 'th', { scope: 'col' }, 'Field'),
				el(document, 'th', { scope: 'col' }, 'Value'),
				el(document, 'th', { scope: 'col' }, 'What it means')
			)
		),
		body
	);
	return el(
		document,
		'section',
		{ class: 'co-section', id, 'data-qualname': info.co_qualname, 'aria-label': `Code object ${info.co_qualname}` },
		el(document, 'h5', {}, el(document, 'code', {}, info.co_qualname), ` (line ${info.co_firstlineno})`),
		el(document, 'div', { class: 'widget-scroll', tabindex: '0', role: 'region', 'aria-label': `Fields of ${info.co_qualname}` }, table)
	);
}

export function render(data: CodeObjectsData, { document, idPrefix = 'co' }: { document: Document; idPrefix?: string }): HTMLElement {
	const root = el(document, 'div', { class: 'code-object-view', 'data-code-objects': '' });
	if (data.error || !data.codeObjects) {
		root.append(el(document, 'p', { class: 'widget-error' }, data.error ?? 'Nothing to show.'));
		return root;
	}
	const objects = data.codeObjects;
	const ids = new Map<string, string>();
	objects.forEach((info, i) => {
		if (!ids.has(info.co_qualname)) ids.set(info.co_qualname, `${idPrefix}-${i}`);
	});
	const idOf = (qualname: string) => ids.get(qualname) ?? null;
	const nav = el(document, 'ul', { class: 'co-nav' });
	objects.forEach((info, i) => nav.append(el(document, 'li', {}, el(document, 'a', { href: `#${idPrefix}-${i}` }, el(document, 'code', {}, info.co_qualname)))));
	root.append(
		el(document, 'h4', { class: 'widget-heading' }, `${objects.length} code object${objects.length === 1 ? '' : 's'}`),
		el(document, 'nav', { 'aria-label': 'Code objects' }, nav),
		el(
			document,
			'div',
			{ class: 'co-layout' },
			el(
				document,
				'div',
				{ class: 'co-source' },
				renderSource(data.source, { document, label: 'Your code (the focused co_lines or co_positions entry is highlighted here)' })
			),
			el(document, 'div', { class: 'co-sections' }, ...objects.map((info, i) => section(document, info, `${idPrefix}-${i}`, idOf)))
		)
	);
	if (data.truncated) root.append(el(document, 'p', { class: 'widget-note' }, 'Only the first code objects are shown.'));
	return root;
}

/**
 * Arrow keys, Home and End move through a listbox's entries; the focused entry becomes the selected one and the
 * only one in the Tab order. `onSelect` receives it (the controller highlights its span).
 */
export function wireEntryLists(root: HTMLElement, onSelect: (item: HTMLElement) => void): void {
	for (const list of root.querySelectorAll<HTMLElement>('[role="listbox"]')) {
		const items = () => [...list.querySelectorAll<HTMLElement>('[role="option"]')];
		list.addEventListener('focusin', (event) => {
			const item = (event.target as HTMLElement).closest<HTMLElement>('[role="option"]');
			if (!item) return;
			for (const other of items()) {
				const selected = other === item;
				other.setAttribute('aria-selected', String(selected));
				other.tabIndex = selected ? 0 : -1;
			}
			onSelect(item);
		});
		list.addEventListener('click', (event) => {
			(event.target as HTMLElement).closest<HTMLElement>('[role="option"]')?.focus();
		});
		list.addEventListener('keydown', (event) => {
			const all = items();
			const current = all.indexOf(event.target as HTMLElement);
			if (current < 0) return;
			const next =
				event.key === 'ArrowDown' || event.key === 'ArrowRight'
					? Math.min(current + 1, all.length - 1)
					: event.key === 'ArrowUp' || event.key === 'ArrowLeft'
						? Math.max(current - 1, 0)
						: event.key === 'Home'
							? 0
							: event.key === 'End'
								? all.length - 1
								: null;
			if (next === null) return;
			event.preventDefault();
			all[next]?.focus();
		});
	}
}

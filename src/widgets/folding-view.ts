/**
 * The `folding` widget's drawing: what the compiler folded into constants (a table whose rows point at the
 * expression in the source), and the same program compiled at optimize=0, 1 and 2 side by side, with the
 * instructions that vanish or change from one level to the next marked in words, not colour alone.
 *
 * Data: lifecycle.compiler.folding (src/python/lifecycle/compiler.py).
 */
import { renderSource, type SourceSpan } from './source-view';
import { el } from './dom';

export interface FoldInstruction {
	offset: number;
	opname: string;
	arg: string;
	line: number | null;
	span: SourceSpan | null;
	goneAt?: number;
	changed?: boolean;
}

export interface FoldCodeObject {
	qualname: string;
	firstLine: number;
	consts: string[];
	instructions: FoldInstruction[];
	constsRemoved?: string[];
}

export interface FoldLevel {
	optimize: number;
	name: string;
	codeObjects: FoldCodeObject[];
}

export interface Fold {
	source: string;
	node: string;
	span: SourceSpan | null;
	astOptimized: string | null;
	folded: boolean;
	value: string | null;
	type?: string;
	opname?: string;
	inConsts?: boolean;
	constIndex?: number | null;
	codeObject?: string;
	instructions?: string[];
}

export interface FoldingData {
	source: string;
	levels?: FoldLevel[];
	folds?: Fold[];
	removals?: { asserts: number[]; docstrings: number[]; debug: number[] };
	error?: string;
}

/** "lines 3 and 7", "line 4" */
function linesText(lines: number[]): string {
	const unique = [...new Set(lines)];
	if (unique.length === 1) return `line ${unique[0]}`;
	return `lines ${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

/** Where the folded value ended up, in words. */
export function foldWhere(fold: Fold): string {
	if (!fold.folded) {
		const ops = fold.instructions ?? [];
		if (ops.length === 0) return 'No instructions at all: the compiler dropped this code as unreachable.';
		return `Not folded: computed when the code runs, by ${ops.join(', ')}.`;
	}
	if (fold.inConsts) return `co_consts[${fold.constIndex}] of ${fold.codeObject}, loaded by LOAD_CONST`;
	return `the argument of ${fold.opname} in ${fold.codeObject} (small ints are not stored in co_consts)`;
}

function foldTable(document: Document, folds: Fold[]): HTMLElement {
	if (folds.length === 0) {
		return el(document, 'p', { class: 'widget-note' }, 'This code has no constant expressions to fold: try `24 * 60 * 60`, `-1` or `"ab" * 3`.');
	}
	const body = el(document, 'tbody');
	folds.forEach((fold, index) => {
		const row = el(
			document,
			'tr',
			{ tabindex: '0', 'data-fold-index': String(index), 'data-folded': String(fold.folded) },
			el(document, 'td', { 'data-label': 'Expression' }, el(document, 'code', {}, fold.source)),
			el(document, 'td', { 'data-label': 'ast.parse(optimize=2)' }, fold.astOptimized === 'Constant' ? 'Constant (folded)' : `${fold.astOptimized ?? '—'} (not folded)`),
			el(
				document,
				'td',
				{ 'data-label': 'compile()' },
				fold.folded ? el(document, 'code', { class: 'fold-value' }, fold.value ?? '') : el(document, 'span', { class: 'fold-not' }, 'not folded')
			),
			el(document, 'td', { 'data-label': 'Where' }, foldWhere(fold))
		);
		if (fold.span) {
			row.dataset['line'] = String(fold.span.line);
			row.dataset['col'] = String(fold.span.col);
			row.dataset['endLine'] = String(fold.span.endLine);
			row.dataset['endCol'] = String(fold.span.endCol);
		}
		row.setAttribute('aria-label', `${fold.source}: ${fold.folded ? `folded to ${fold.value}` : 'not folded'}`);
		body.append(row);
	});
	const table = el(
		document,
		'table',
		{ class: 'widget-table fold-table' },
		el(document, 'caption', {}, 'Folded at compile time (focus a row to see the expression in your code)'),
		el(
			document,
			'thead',
			{},
			el(
				document,
				'tr',
				{},
				el(document, 'th', { scope: 'col' }, 'Expression in your code'),
				el(document, 'th', { scope: 'col' }, 'After ast.parse(optimize=2)'),
				el(document, 'th', { scope: 'col' }, 'After compile()'),
				el(document, 'th', { scope: 'col' }, 'Where the value lives')
			)
		),
		body
	);
	return el(document, 'div', { class: 'widget-scroll', tabindex: '0', role: 'region', 'aria-label': 'Folded constants' }, table);
}

function instructionItem(document: Document, ins: FoldInstruction, level: number): HTMLElement {
	const marks: string[] = [];
	if (ins.goneAt !== undefined) marks.push(`gone at ${ins.goneAt}`);
	if (ins.changed && level > 0) marks.push(`new at ${level}`);
	const item = el(
		document,
		'li',
		{ class: 'opt-ins' },
		el(document, 'span', { class: 'opt-line' }, ins.line === null ? '--' : String(ins.line)),
		...marks.map((mark) => el(document, 'span', { class: 'opt-mark' }, mark)),
		el(document, 'code', {}, ins.arg ? `${ins.opname} ${ins.arg}` : ins.opname)
	);
	if (ins.goneAt !== undefined) item.classList.add('is-gone');
	if (ins.changed && level > 0) item.classList.add('is-new');
	return item;
}

function levelColumn(document: Document, level: FoldLevel): HTMLElement {
	const count = level.codeObjects.reduce((sum, c) => sum + c.instructions.length, 0);
	const column = el(
		document,
		'section',
		{ class: 'opt-level', 'data-optimize': String(level.optimize), 'aria-label': level.name },
		el(document, 'h5', {}, level.name),
		el(document, 'p', { class: 'opt-count' }, `${count} instructions in ${level.codeObjects.length} code object${level.codeObjects.length === 1 ? '' : 's'}`)
	);
	for (const code of level.codeObjects) {
		const block = el(
			document,
			'div',
			{ class: 'opt-code', 'data-qualname': code.qualname },
			el(document, 'h6', {}, el(document, 'code', {}, code.qualname)),
			el(document, 'p', { class: 'opt-consts' }, 'co_consts: ', el(document, 'code', {}, `(${code.consts.join(', ')})`))
		);
		if (code.constsRemoved && code.constsRemoved.length > 0) {
			block.append(el(document, 'p', { class: 'opt-removed' }, `gone from co_consts at this level: ${code.constsRemoved.join(', ')}`));
		}
		const list = el(document, 'ol', { class: 'opt-instructions' });
		for (const ins of code.instructions) list.append(instructionItem(document, ins, level.optimize));
		block.append(list);
		column.append(block);
	}
	return el(document, 'div', { class: 'opt-scroll', tabindex: '0', role: 'region', 'aria-label': `Bytecode at ${level.name}` }, column);
}

function removalsSummary(document: Document, removals: NonNullable<FoldingData['removals']>): HTMLElement {
	const list = el(document, 'ul', { class: 'opt-summary' });
	list.append(
		el(
			document,
			'li',
			{},
			removals.asserts.length > 0
				? `assert on ${linesText(removals.asserts)}: compiled at optimize=0, removed at optimize=1 and 2.`
				: 'No assert statements (they would vanish at optimize=1).'
		),
		el(
			document,
			'li',
			{},
			removals.debug.length > 0
				? `__debug__ on ${linesText(removals.debug)}: True at optimize=0, False at 1 and 2, so an "if __debug__:" block is dropped.`
				: 'No __debug__ tests (an "if __debug__:" block vanishes at optimize=1).'
		),
		el(
			document,
			'li',
			{},
			removals.docstrings.length > 0
				? `Docstring on ${linesText(removals.docstrings)}: kept at optimize=0 and 1, removed at optimize=2.`
				: 'No docstrings (they would vanish at optimize=2).'
		)
	);
	return list;
}

export function render(data: FoldingData, { document }: { document: Document }): HTMLElement {
	const root = el(document, 'div', { class: 'folding-view', 'data-folding': '' });
	if (data.error || !data.levels || !data.folds || !data.removals) {
		root.append(el(document, 'p', { class: 'widget-error' }, data.error ?? 'Nothing to show.'));
		return root;
	}
	root.append(
		el(document, 'h4', { class: 'widget-heading' }, 'Constant folding'),
		el(
			document,
			'p',
			{ class: 'widget-note' },
			'CPython 3.14 folds constant expressions inside compile(), in the optimizer that works on the control-flow graph; ast.parse(optimize=…) no longer does. Each row is an expression of your code made only of literals.'
		),
		el(
			document,
			'div',
			{ class: 'fold-layout' },
			renderSource(data.source, { document, label: 'Your code (folded expressions are highlighted here)' }),
			foldTable(document, data.folds)
		),
		el(document, 'h4', { class: 'widget-heading' }, 'The same code at three optimize levels'),
		removalsSummary(document, data.removals),
		el(
			document,
			'p',
			{ class: 'widget-note' },
			'Each line starts with its source line number. "gone at N": the instruction is not in the code compiled at optimize=N. "new at N": it differs from the level before. Struck-through and shaded lines are the gone ones.'
		),
		el(document, 'div', { class: 'opt-levels' }, ...data.levels.map((level) => levelColumn(document, level)))
	);
	return root;
}

/** The source span a fold row points at, read back from its data attributes. */
export function rowSpan(row: HTMLElement): SourceSpan | null {
	const { line, col, endLine, endCol } = row.dataset;
	if (line === undefined || col === undefined || endLine === undefined || endCol === undefined) return null;
	return { line: Number(line), col: Number(col), endLine: Number(endLine), endCol: Number(endCol) };
}

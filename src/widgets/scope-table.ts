/**
 * The scope tables (`widget="scopes"`): every symbol table `symtable` builds for the learner's source, one table
 * per scope (module, functions, classes, 3.14's `__annotate__` annotation scopes, generator expressions…), nested
 * as the scopes are, with each name's flags written out. Notes point at what is new: the annotation scope beside
 * every def (PEP 649/749, 3.14) and comprehensions inlined into their scope (PEP 709, 3.12). Pure DOM building with
 * text nodes; the controller (src/scripts/widgets/scopes.ts) only fetches and draws.
 *
 * Data comes from `lifecycle.syntax.scopes` (src/python/lifecycle/syntax.py).
 */
import { renderSource } from './source-view';
import { renderSyntaxProblem, type SyntaxProblem } from './token-stream';
import { element } from './dom';

export interface Scope {
	name: string;
	/** SymbolTableType's value: module, function, class, annotation, type alias, type parameters, type variable. */
	type: string;
	lineno: number;
	symbols: { name: string; flags: string[] }[];
	children: Scope[];
	/** Whose annotations an `__annotate__` scope holds: a function's, or the module's or class's own. */
	annotationOf: { kind: 'function'; name: string } | { kind: 'body' } | null;
	/** Loop variables of comprehensions inlined into this scope (PEP 709). */
	inlined: string[];
}

export interface ScopesData {
	scope: Scope | null;
	count: number;
	omitted: number;
	flags: string[];
	error: SyntaxProblem | null;
}

/** What each flag means, in the learner's words (from the Symbol.is_* methods of 3.14). */
export const FLAG_MEANINGS: Record<string, string> = {
	local: 'bound in this scope (assigned, a parameter, imported, defined). At module level names are local and global at once. A local that an inner function uses (free there) is kept in a cell; symtable has no public flag for that.',
	global: 'looked up in the module’s globals, then the builtins.',
	declared_global: 'named in a global statement here.',
	nonlocal: 'named in a nonlocal statement here.',
	free: 'used here but bound in an enclosing function: reached through a cell (a closure).',
	free_class: 'a name of a class body that one of its methods sees as free.',
	parameter: 'a parameter, including hidden ones the compiler adds (.0, .format).',
	type_parameter: 'a type parameter, as T in def f[T]().',
	imported: 'bound by an import statement.',
	assigned: 'assigned to in this scope.',
	referenced: 'read in this scope.',
	annotated: 'has an annotation here (x: int).',
	namespace: 'bound by a def or class statement, which makes a new namespace.',
	comp_iter: 'the loop variable of a comprehension.',
	comp_cell: 'a loop variable of an inlined comprehension that a closure captures (a cell).',
};

function code(document: Document, text: string): HTMLElement {
	return element(document, 'code', '', text);
}

/** A paragraph built from text and <code> parts: strings stay text, [text] becomes code. */
function note(document: Document, className: string, label: string, parts: (string | [string])[]): HTMLElement {
	const p = element(document, 'p', className);
	p.append(element(document, 'strong', 'scope-note-label', label), ' ');
	for (const part of parts) p.append(typeof part === 'string' ? part : code(document, part[0]));
	return p;
}

function walk(scope: Scope): Scope[] {
	return [scope, ...scope.children.flatMap(walk)];
}

function ownComprehension(scope: Scope): boolean {
	return scope.symbols.some((symbol) => symbol.name === '.0' && symbol.flags.includes('parameter'));
}

function scopeNotes(scope: Scope, document: Document): HTMLElement[] {
	const notes: HTMLElement[] = [];
	const owner = scope.annotationOf;
	if (owner?.kind === 'function') {
		notes.push(
			note(document, 'scope-note', 'New in 3.14:', [
				'the annotation scope of ',
				[owner.name],
				'’s annotations (PEP 649/749). The symbol table makes one beside every def, even one without annotations; the compiler emits an ',
				['__annotate__'],
				' function only when there are annotations to evaluate.',
			])
		);
	} else if (owner?.kind === 'body') {
		notes.push(
			note(document, 'scope-note', 'New in 3.14:', [
				'the annotation scope of this body’s own annotations (PEP 649/749): they are evaluated only when ',
				['__annotations__'],
				' is asked for.',
			])
		);
	}
	if (scope.inlined.length > 0) {
		const names: (string | [string])[] = scope.inlined.flatMap((name, index) => (index === 0 ? [[name] as [string]] : [', ', [name] as [string]]));
		notes.push(
			note(document, 'scope-note', 'Inlined comprehension:', [
				...names,
				scope.inlined.length === 1 ? ' is the loop variable of a comprehension' : ' are loop variables of comprehensions',
				' compiled into this scope (PEP 709, since 3.12). There is no child scope for it: the variable is listed here, flagged comp_iter, yet it does not leak out of the comprehension.',
			])
		);
	}
	if (ownComprehension(scope)) {
		notes.push(
			note(document, 'scope-note', 'Own scope:', [
				'a generator expression is not inlined. It keeps a scope and a code object, and receives its iterator as the hidden parameter ',
				['.0'],
				'.',
			])
		);
	}
	return notes;
}

function caption(scope: Scope, document: Document): HTMLElement {
	const made = element(document, 'caption', 'scope-caption');
	made.append(code(document, scope.name), ' ', element(document, 'span', 'scope-type', scope.type === 'annotation' ? 'annotation scope' : scope.type));
	if (scope.lineno > 0) made.append(' ', element(document, 'span', 'scope-line', `line ${scope.lineno}`));
	return made;
}

function symbolRow(symbol: { name: string; flags: string[] }, inlined: boolean, document: Document): HTMLElement {
	const row = element(document, 'tr', '');
	row.dataset['symbol'] = symbol.name;
	const name = element(document, 'th', 'scope-symbol');
	name.scope = 'row';
	name.append(code(document, symbol.name));
	if (symbol.name.startsWith('.')) name.append(' ', element(document, 'span', 'scope-badge', 'made by the compiler'));
	if (inlined) name.append(' ', element(document, 'span', 'scope-badge', 'from an inlined comprehension'));
	const flags = element(document, 'td', '');
	const list = element(document, 'ul', 'scope-flags');
	for (const flag of symbol.flags) {
		const item = element(document, 'li', `scope-flag scope-flag-${flag}`, flag);
		item.dataset['flag'] = flag;
		list.append(item);
	}
	flags.append(list);
	row.append(name, flags);
	return row;
}

function scopeBlock(scope: Scope, document: Document): HTMLElement {
	const block = element(document, 'div', 'scope');
	block.dataset['scope'] = scope.name;
	block.dataset['scopeType'] = scope.type;
	const wrap = element(document, 'div', 'scope-table-wrap');
	const table = element(document, 'table', 'scope-table');
	const head = element(document, 'thead', '');
	const headRow = element(document, 'tr', '');
	for (const label of ['Name', 'Flags']) {
		const th = element(document, 'th', '', label);
		th.scope = 'col';
		headRow.append(th);
	}
	head.append(headRow);
	const body = element(document, 'tbody', '');
	for (const symbol of scope.symbols) body.append(symbolRow(symbol, scope.inlined.includes(symbol.name), document));
	if (scope.symbols.length === 0) {
		const row = element(document, 'tr', '');
		const cell = element(document, 'td', 'scope-empty', 'No names in this scope.');
		cell.colSpan = 2;
		row.append(cell);
		body.append(row);
	}
	table.append(caption(scope, document), head, body);
	wrap.append(table);
	block.append(wrap, ...scopeNotes(scope, document));
	if (scope.children.length > 0) {
		const children = element(document, 'div', 'scope-children');
		for (const child of scope.children) children.append(scopeBlock(child, document));
		block.append(children);
	}
	return block;
}

function legend(flags: string[], document: Document): HTMLElement {
	const details = element(document, 'details', 'scope-legend');
	details.append(element(document, 'summary', '', 'What the flags mean'));
	const list = element(document, 'dl', '');
	for (const flag of flags) {
		list.append(element(document, 'dt', '', flag), element(document, 'dd', '', FLAG_MEANINGS[flag] ?? `Symbol.is_${flag}() is true.`));
	}
	details.append(list);
	return details;
}

/** Special cases of symtable refusing code the cell ran: say why the run still worked. */
function refusalNote(problem: SyntaxProblem): string {
	if (/'await' outside|'async (for|with)' outside|asynchronous comprehension outside/.test(problem.message)) {
		return 'The cell still ran: the course runs cells as the asyncio REPL does, compiling with the flag that allows top-level await, which symtable.symtable() cannot be given.';
	}
	return 'symtable builds the scopes after the parser, so it needs source that compiles.';
}

/** The whole widget: a summary, what is new here, the nested scope tables and the flag legend. */
export function render(data: ScopesData, { document, source }: { document: Document; source: string }): HTMLElement {
	const root = element(document, 'div', 'syn-widget syn-scopes');
	if (!data.scope) {
		if (data.error) root.append(renderSyntaxProblem(data.error, { document, stage: refusalNote(data.error) }));
		root.append(renderSource(source, { document, label: 'Source of the program' }));
		return root;
	}
	const all = walk(data.scope);
	const total = data.count + data.omitted;
	root.append(
		element(
			document,
			'p',
			'syn-summary',
			data.omitted > 0
				? `symtable built ${total} symbol tables (scopes); the first ${data.count} are drawn.`
				: `symtable built ${total} symbol table${total === 1 ? '' : 's'} (scope${total === 1 ? '' : 's'}), nested as in the source.`
		)
	);
	const highlights = element(document, 'ul', 'syn-notes');
	const annotates = all.filter((scope) => scope.annotationOf?.kind === 'function');
	if (annotates.length > 0) {
		const item = element(document, 'li', '');
		item.append(
			element(document, 'strong', '', 'New in 3.14: '),
			annotates.length === 1 ? 'a scope named ' : `${annotates.length} scopes named `,
			code(document, '__annotate__'),
			annotates.length === 1 ? ' sits beside the function: an annotation scope' : ' sit beside the functions: annotation scopes',
			' (PEP 649/749), made for every def even without annotations.'
		);
		highlights.append(item);
	}
	const inlining = all.filter((scope) => scope.inlined.length > 0);
	if (inlining.length > 0) {
		const item = element(document, 'li', '');
		item.append(
			element(document, 'strong', '', 'Inlined comprehensions: '),
			'list, set and dict comprehensions have no scope of their own (PEP 709); their loop variables appear in ',
			...inlining.flatMap((scope, index) => [index === 0 ? '' : ', ', code(document, scope.name)]),
			'.'
		);
		highlights.append(item);
	}
	if (highlights.childElementCount > 0) root.append(highlights);
	const scroller = element(document, 'div', 'scope-tree');
	scroller.append(scopeBlock(data.scope, document));
	root.append(scroller, legend(data.flags, document));
	return root;
}

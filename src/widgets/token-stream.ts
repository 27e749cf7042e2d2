/**
 * The token stream (`widget="tokens"`): the tokens `tokenize` reads from the learner's source, one chip per token
 * (type and text), laid out one source line per row, beside the source they came from. Pure DOM building with text
 * nodes; the controller (src/scripts/widgets/tokens.ts) wires focus and hover to the source highlight.
 *
 * Data comes from `lifecycle.syntax.tokens` (src/python/lifecycle/syntax.py). Also exported from here, for the
 * other two syntax widgets: how a span is said in words, and the notice for a SyntaxError.
 */
import { renderSource, type SourceSpan } from './source-view';

export interface Token {
	type: string;
	/** The exact type of an OP token: EQUAL, LPAR, PLUS… */
	exact?: string;
	string: string;
	span: SourceSpan;
}

/** A SyntaxError (or tokenize's TokenError) where CPython stopped; the span counts characters. */
export interface SyntaxProblem {
	type: string;
	message: string;
	span: SourceSpan | null;
}

export interface TokensData {
	tokens: Token[];
	counts: Record<string, number>;
	total: number;
	truncated: boolean;
	error: SyntaxProblem | null;
}

/** Tokens that stand for layout rather than text: drawn with a dashed outline and a visible symbol. */
const LAYOUT_TYPES = new Set(['NEWLINE', 'NL', 'INDENT', 'DEDENT', 'ENDMARKER']);
/** Longest token text drawn in full on a chip; the rest is in its accessible name and the detail line. */
const MAX_CHIP_TEXT = 40;

/** "line 3, columns 4–9", or "line 2, column 0 to line 4, column 27" for a span over several lines. */
export function describeSpan(span: SourceSpan): string {
	if (span.line === span.endLine) {
		return span.endCol - span.col <= 1 && span.endCol >= span.col
			? `line ${span.line}, column ${span.col}`
			: `line ${span.line}, columns ${span.col}–${span.endCol}`;
	}
	return `line ${span.line}, column ${span.col} to line ${span.endLine}, column ${span.endCol}`;
}

/** A span as compact text for data attributes and the tree: "3:4-3:9". */
export function spanAttribute(span: SourceSpan): string {
	return `${span.line}:${span.col}-${span.endLine}:${span.endCol}`;
}

/** The inverse of spanAttribute; null for an empty or malformed attribute. */
export function parseSpanAttribute(text: string | undefined): SourceSpan | null {
	const match = /^(\d+):(\d+)-(\d+):(\d+)$/.exec(text ?? '');
	if (!match) return null;
	const [line, col, endLine, endCol] = match.slice(1).map(Number) as [number, number, number, number];
	return { line, col, endLine, endCol };
}

/** The notice shown when CPython refused the source: what it said and where. */
export function renderSyntaxProblem(problem: SyntaxProblem, { document, stage }: { document: Document; stage: string }): HTMLElement {
	const box = document.createElement('div');
	box.className = 'syn-problem';
	box.dataset['syntaxError'] = problem.type;
	const title = document.createElement('p');
	title.className = 'syn-problem-title';
	const strong = document.createElement('strong');
	strong.textContent = `${problem.type}`;
	title.append(strong, document.createTextNode(problem.span ? ` at ${describeSpan(problem.span)}: ` : ': '), problem.message);
	const after = document.createElement('p');
	after.textContent = stage;
	box.append(title, after);
	return box;
}

/** How a token's text is drawn: layout tokens get a visible symbol, long text is cut, newlines shown as ↵. */
export function chipText(token: Token): string {
	if (token.string === '') return '∅';
	if (token.type === 'INDENT') return token.string.replaceAll(' ', '·').replaceAll('\t', '→');
	const shown = token.string.replaceAll('\r', '').replaceAll('\n', '↵');
	return shown.length > MAX_CHIP_TEXT ? `${shown.slice(0, MAX_CHIP_TEXT - 1)}…` : shown;
}

/** What a screen reader hears for a token, and what the detail line says: type, text and position. */
export function describeToken(token: Token): string {
	const type = token.exact ? `${token.type} (exact type ${token.exact})` : token.type;
	const text = token.string === '' ? 'empty text' : JSON.stringify(token.string);
	return `${type} ${text}, ${describeSpan(token.span)}`;
}

function counts(data: TokensData, document: Document): HTMLElement {
	const table = document.createElement('table');
	table.className = 'syn-counts';
	const caption = document.createElement('caption');
	caption.textContent = 'Tokens by type';
	const head = document.createElement('thead');
	const headRow = document.createElement('tr');
	for (const label of ['Type', 'Count']) {
		const th = document.createElement('th');
		th.scope = 'col';
		th.textContent = label;
		headRow.append(th);
	}
	head.append(headRow);
	const body = document.createElement('tbody');
	const rows = Object.entries(data.counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
	for (const [type, count] of rows) {
		const tr = document.createElement('tr');
		tr.dataset['countType'] = type;
		const th = document.createElement('th');
		th.scope = 'row';
		th.textContent = type;
		const td = document.createElement('td');
		td.textContent = String(count);
		tr.append(th, td);
		body.append(tr);
	}
	table.append(caption, head, body);
	return table;
}

function chip(token: Token, index: number, document: Document): HTMLElement {
	const option = document.createElement('div');
	option.setAttribute('role', 'option');
	option.setAttribute('aria-selected', 'false');
	option.tabIndex = index === 0 ? 0 : -1;
	option.className = LAYOUT_TYPES.has(token.type) ? 'tok tok-layout' : 'tok';
	option.dataset['tokenType'] = token.type;
	if (token.exact) option.dataset['exactType'] = token.exact;
	option.dataset['index'] = String(index);
	option.dataset['span'] = spanAttribute(token.span);
	// Named by its content (what is seen, then where it is, for screen readers), so the name matches the label.
	const type = document.createElement('span');
	type.className = 'tok-type';
	type.textContent = token.exact ?? token.type;
	const text = document.createElement('span');
	text.className = 'tok-text';
	text.textContent = chipText(token);
	const spoken = document.createElement('span');
	spoken.className = 'visually-hidden';
	spoken.textContent = `${token.exact ? ` (an ${token.type} token)` : ''}${token.string === '' ? ' (empty)' : ''}, ${describeSpan(token.span)}`;
	option.append(type, document.createTextNode(' '), text, spoken);
	return option;
}

/** The chips, grouped by the line each token starts on, in one listbox (one tab stop; arrows move). */
function stream(tokens: Token[], document: Document): HTMLElement {
	const list = document.createElement('div');
	list.className = 'tok-stream';
	list.setAttribute('role', 'listbox');
	list.setAttribute('aria-label', 'Tokens in the order tokenize reads them; arrow keys move between tokens');
	let group: HTMLElement | null = null;
	let groupLine = 0;
	tokens.forEach((token, index) => {
		if (!group || token.span.line !== groupLine) {
			groupLine = token.span.line;
			group = document.createElement('div');
			group.className = 'tok-line';
			group.setAttribute('role', 'group');
			group.setAttribute('aria-label', `Line ${groupLine}`);
			const number = document.createElement('span');
			number.className = 'tok-lineno';
			number.setAttribute('aria-hidden', 'true');
			number.textContent = String(groupLine);
			group.append(number);
			list.append(group);
		}
		group.append(chip(token, index, document));
	});
	return list;
}

function paragraph(document: Document, className: string, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = className;
	p.textContent = text;
	return p;
}

/**
 * The whole widget: a summary line, the problem (if tokenize stopped), the source beside the token stream, the
 * detail line the controller fills for the focused token, and the counts by type.
 */
export function render(data: TokensData, { document, source }: { document: Document; source: string }): HTMLElement {
	const root = document.createElement('div');
	root.className = 'syn-widget syn-tokens';
	const shown = data.tokens.length;
	const summary = data.truncated
		? `tokenize read ${data.total} tokens; the first ${shown} are drawn.`
		: `tokenize read ${data.total} token${data.total === 1 ? '' : 's'}.`;
	root.append(paragraph(document, 'syn-summary', summary));
	if (data.error) {
		root.append(
			renderSyntaxProblem(data.error, {
				document,
				stage: `tokenize stopped there. The ${shown} token${shown === 1 ? '' : 's'} read before it are shown; the parser would never get to run.`,
			})
		);
	}
	const panes = document.createElement('div');
	panes.className = 'syn-panes';
	const sourcePane = document.createElement('div');
	sourcePane.className = 'syn-source-pane';
	sourcePane.append(renderSource(source, { document, label: 'Source of the program' }));
	const mainPane = document.createElement('div');
	mainPane.className = 'syn-main-pane';
	mainPane.append(stream(data.tokens, document));
	const detail = paragraph(document, 'syn-detail', 'Focus or point at a token to see where it comes from in the source.');
	detail.dataset['tokenDetail'] = '';
	mainPane.append(detail);
	panes.append(sourcePane, mainPane, counts(data, document));
	root.append(panes);
	return root;
}

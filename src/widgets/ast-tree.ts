/**
 * The AST view (`widget="ast"`): the tree `ast.parse` builds from the learner's source, as a WAI-ARIA tree (one tab
 * stop; arrow keys move, open and close) beside the source, plus `ast.dump(tree, indent=2)` for reference. Each
 * node names the field of its parent it sits in, its type, its scalar fields and its position. Pure DOM building
 * with text nodes; the controller (src/scripts/widgets/ast.ts) wires the tree keys and the source highlighting.
 *
 * Data comes from `lifecycle.syntax.ast_tree` (src/python/lifecycle/syntax.py).
 */
import { renderSource, type SourceSpan } from './source-view';
import { describeSpan, renderSyntaxProblem, spanAttribute, type SyntaxProblem } from './token-stream';

export interface AstNode {
	type: string;
	/** Fields that are not child nodes, as text: id, op, ctx, a constant's repr… */
	fields: Record<string, string>;
	span: SourceSpan | null;
	/** The fields holding nodes, in `_fields` order; `list` when the field is a list (body, targets…). */
	children: { field: string; list: boolean; nodes: AstNode[] }[];
}

export interface AstData {
	tree: AstNode | null;
	count: number;
	omitted: number;
	dump: string | null;
	error: SyntaxProblem | null;
}

/** Trees up to this size open fully; larger ones open their first levels only. */
const OPEN_ALL_UP_TO = 300;
const OPEN_LEVELS = 3;

/** "Name (line 3, columns 4–9)": how a node is announced when the source selection finds it. */
export function describeNode(type: string, span: SourceSpan | null): string {
	return span ? `${type} (${describeSpan(span)})` : `${type} (no position)`;
}

function span(document: Document, className: string, text: string): HTMLElement {
	const element = document.createElement('span');
	element.className = className;
	element.textContent = text;
	return element;
}

/**
 * The tree's items, flat and in pre-order, as the WAI-ARIA tree pattern allows with aria-level, aria-setsize and
 * aria-posinset: each item is named by its own row only (nested items would make a branch's name hold its whole
 * subtree). `data-parent` is the index of the parent item; a closed branch hides its descendants.
 */
function addItems(
	list: HTMLElement,
	node: AstNode,
	place: { field: string | null; level: number; parent: number; position: number; setSize: number; hidden: boolean },
	openAll: boolean,
	document: Document
): void {
	const index = list.childElementCount;
	const item = document.createElement('li');
	item.setAttribute('role', 'treeitem');
	item.setAttribute('aria-level', String(place.level));
	item.setAttribute('aria-setsize', String(place.setSize));
	item.setAttribute('aria-posinset', String(place.position));
	item.setAttribute('aria-selected', 'false');
	item.tabIndex = index === 0 ? 0 : -1;
	item.className = 'ast-item';
	item.style.setProperty('--level', String(place.level - 1));
	item.hidden = place.hidden;
	item.dataset['index'] = String(index);
	item.dataset['parent'] = String(place.parent);
	item.dataset['nodeType'] = node.type;
	item.dataset['span'] = node.span ? spanAttribute(node.span) : '';

	const twisty = span(document, 'ast-twisty', '');
	twisty.setAttribute('aria-hidden', 'true');
	item.append(twisty);
	if (place.field) item.append(span(document, 'ast-field', `${place.field}:`), document.createTextNode(' '));
	item.append(span(document, 'ast-type', node.type));
	for (const [name, value] of Object.entries(node.fields)) {
		item.append(document.createTextNode(' '), span(document, 'ast-attr', `${name}=${value}`));
	}
	item.append(
		document.createTextNode(' '),
		span(document, 'ast-pos', node.span ? `${node.span.line}:${node.span.col}–${node.span.endLine}:${node.span.endCol}` : 'no position')
	);
	list.append(item);

	const children = node.children.flatMap(({ field, list: isList, nodes }) =>
		nodes.map((child, position) => ({ child, label: isList ? `${field}[${position}]` : field }))
	);
	if (children.length === 0) return;
	const open = openAll || place.level < OPEN_LEVELS;
	item.setAttribute('aria-expanded', String(open));
	children.forEach(({ child, label }, position) => {
		addItems(
			list,
			child,
			{ field: label, level: place.level + 1, parent: index, position: position + 1, setSize: children.length, hidden: place.hidden || !open },
			openAll,
			document
		);
	});
}

function paragraph(document: Document, className: string, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = className;
	p.textContent = text;
	return p;
}

/**
 * The whole widget: a summary, the problem (on a SyntaxError), the source beside the tree, a status line (a polite
 * live region the controller fills when the source selection finds a node) and the `ast.dump` text, collapsed.
 */
export function render(data: AstData, { document, source }: { document: Document; source: string }): HTMLElement {
	const root = document.createElement('div');
	root.className = 'syn-widget syn-ast';
	if (data.tree) {
		const shown = data.count;
		const summary = data.omitted > 0
			? `ast.parse built ${shown + data.omitted} nodes; the first ${shown} are drawn.`
			: `ast.parse built ${shown} node${shown === 1 ? '' : 's'}.`;
		root.append(paragraph(document, 'syn-summary', summary));
	}
	if (data.error) {
		root.append(
			renderSyntaxProblem(data.error, {
				document,
				stage: data.error.type === 'TooDeep' ? 'No tree is drawn.' : 'The parser stopped there, so there is no tree: nothing was compiled or run.',
			})
		);
	}
	const panes = document.createElement('div');
	panes.className = 'syn-panes';
	const sourcePane = document.createElement('div');
	sourcePane.className = 'syn-source-pane';
	sourcePane.append(renderSource(source, { document, label: 'Source of the program; select part of it to find its node in the tree' }));
	if (data.tree) sourcePane.append(paragraph(document, 'syn-hint', 'Select part of the code (or click in it) to find the smallest node that covers it.'));
	panes.append(sourcePane);
	if (data.tree) {
		const mainPane = document.createElement('div');
		mainPane.className = 'syn-main-pane';
		const tree = document.createElement('ul');
		tree.className = 'ast-tree';
		tree.setAttribute('role', 'tree');
		tree.setAttribute('aria-label', 'Abstract syntax tree; arrow keys move, open and close nodes');
		addItems(tree, data.tree, { field: null, level: 1, parent: -1, position: 1, setSize: 1, hidden: false }, data.count <= OPEN_ALL_UP_TO, document);
		const status = paragraph(document, 'syn-detail', 'Focus or point at a node to see its source.');
		status.setAttribute('role', 'status');
		status.dataset['astStatus'] = '';
		mainPane.append(tree, status);
		panes.append(mainPane);
	}
	root.append(panes);
	if (data.dump !== null) {
		const details = document.createElement('details');
		details.className = 'syn-dump';
		const summary = document.createElement('summary');
		summary.textContent = 'The same tree as ast.dump(tree, indent=2) prints it';
		const pre = document.createElement('pre');
		pre.tabIndex = 0;
		pre.setAttribute('aria-label', 'ast.dump output');
		pre.textContent = data.dump;
		details.append(summary, pre);
		root.append(details);
	}
	return root;
}

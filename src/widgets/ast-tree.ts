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

function treeItem(
	node: AstNode,
	field: string | null,
	level: number,
	ids: { prefix: string; next: number },
	openAll: boolean,
	document: Document
): HTMLElement {
	const item = document.createElement('li');
	item.setAttribute('role', 'treeitem');
	item.setAttribute('aria-level', String(level));
	item.setAttribute('aria-selected', 'false');
	item.tabIndex = level === 1 ? 0 : -1;
	item.className = 'ast-item';
	item.dataset['nodeType'] = node.type;
	item.dataset['span'] = node.span ? spanAttribute(node.span) : '';
	const id = `${ids.prefix}-${ids.next}`;
	ids.next += 1;
	item.setAttribute('aria-labelledby', id);

	const row = document.createElement('div');
	row.className = 'ast-row';
	row.id = id;
	const hasChildren = node.children.length > 0;
	const twisty = span(document, 'ast-twisty', '');
	twisty.setAttribute('aria-hidden', 'true');
	row.append(twisty);
	if (field) row.append(span(document, 'ast-field', `${field}:`), document.createTextNode(' '));
	row.append(span(document, 'ast-type', node.type));
	for (const [name, value] of Object.entries(node.fields)) {
		row.append(document.createTextNode(' '), span(document, 'ast-attr', `${name}=${value}`));
	}
	row.append(
		document.createTextNode(' '),
		span(document, 'ast-pos', node.span ? `${node.span.line}:${node.span.col}–${node.span.endLine}:${node.span.endCol}` : 'no position')
	);
	item.append(row);

	if (hasChildren) {
		const open = openAll || level < OPEN_LEVELS;
		item.setAttribute('aria-expanded', String(open));
		const group = document.createElement('ul');
		group.setAttribute('role', 'group');
		group.hidden = !open;
		for (const { field: name, list, nodes } of node.children) {
			nodes.forEach((child, index) => {
				const label = list ? `${name}[${index}]` : name;
				group.append(treeItem(child, label, level + 1, ids, openAll, document));
			});
		}
		item.append(group);
	}
	return item;
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
 * `idPrefix` keeps element ids unique when a page has several trees.
 */
export function render(data: AstData, { document, source, idPrefix }: { document: Document; source: string; idPrefix: string }): HTMLElement {
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
		tree.append(treeItem(data.tree, null, 1, { prefix: idPrefix, next: 0 }, data.count <= OPEN_ALL_UP_TO, document));
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

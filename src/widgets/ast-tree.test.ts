// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { describeNode, render, type AstData, type AstNode } from './ast-tree';

const name = (id: string, ctx: string, col: number): AstNode => ({
	type: 'Name',
	fields: { id: `'${id}'`, ctx },
	span: { line: 1, col, endLine: 1, endCol: col + id.length },
	children: [],
});

// What lifecycle.syntax.ast_tree returns for "y = héllo + 2\n", shortened to the tree.
const DATA: AstData = {
	tree: {
		type: 'Module',
		fields: {},
		span: null,
		children: [
			{
				field: 'body',
				list: true,
				nodes: [
					{
						type: 'Assign',
						fields: {},
						span: { line: 1, col: 0, endLine: 1, endCol: 13 },
						children: [
							{ field: 'targets', list: true, nodes: [name('y', 'Store', 0)] },
							{
								field: 'value',
								list: false,
								nodes: [
									{
										type: 'BinOp',
										fields: { op: 'Add' },
										span: { line: 1, col: 4, endLine: 1, endCol: 13 },
										children: [
											{ field: 'left', list: false, nodes: [name('héllo', 'Load', 4)] },
											{
												field: 'right',
												list: false,
												nodes: [{ type: 'Constant', fields: { value: '2' }, span: { line: 1, col: 12, endLine: 1, endCol: 13 }, children: [] }],
											},
										],
									},
								],
							},
						],
					},
				],
			},
		],
	},
	count: 7,
	omitted: 0,
	dump: "Module(\n  body=[\n    Assign(\n      targets=[\n        Name(id='y', ctx=Store())],\n      value=BinOp(\n        left=Name(id='héllo', ctx=Load()),\n        op=Add(),\n        right=Constant(value=2)))])",
	error: null,
};

const SOURCE = 'y = héllo + 2\n';

describe('AST tree rendering', () => {
	it('draws a flat WAI-ARIA tree in pre-order with levels, positions and one tab stop', () => {
		const root = render(DATA, { document, source: SOURCE });
		expect(root.outerHTML).toMatchSnapshot();
		const tree = root.querySelector('[role="tree"]');
		expect(tree?.getAttribute('aria-label')).toMatch(/^Abstract syntax tree/);
		const items = [...root.querySelectorAll<HTMLElement>('[role="treeitem"]')];
		expect(items.every((item) => item.parentElement === tree)).toBe(true);
		expect(items.map((i) => i.dataset['nodeType'])).toEqual(['Module', 'Assign', 'Name', 'BinOp', 'Name', 'Constant']);
		expect(items.map((i) => i.getAttribute('aria-level'))).toEqual(['1', '2', '3', '3', '4', '4']);
		expect(items.map((i) => `${i.getAttribute('aria-posinset')}/${i.getAttribute('aria-setsize')}`)).toEqual(['1/1', '1/1', '1/2', '2/2', '1/2', '2/2']);
		expect(items.map((i) => i.dataset['parent'])).toEqual(['-1', '0', '1', '1', '3', '3']);
		expect(items.map((i) => i.tabIndex)).toEqual([0, -1, -1, -1, -1, -1]);
		expect(items.map((i) => i.getAttribute('aria-expanded'))).toEqual(['true', 'true', null, 'true', null, null]);
		expect(items.every((i) => !i.hidden)).toBe(true);
	});

	it('names each node by its own row only: field, type, scalar fields and position', () => {
		const root = render(DATA, { document, source: SOURCE });
		const binop = root.querySelector<HTMLElement>('[data-node-type="BinOp"]');
		expect(binop?.textContent).toBe('value: BinOp op=Add 1:4–1:13');
		expect(binop?.hasAttribute('aria-label')).toBe(false);
		expect(binop?.dataset['span']).toBe('1:4-1:13');
		expect(root.querySelector('[data-node-type="Name"]')?.textContent).toBe("targets[0]: Name id='y' ctx=Store 1:0–1:1");
		expect(root.querySelector('[data-node-type="Module"]')?.textContent).toBe('Module no position');
		expect(root.querySelector<HTMLElement>('[data-node-type="Module"]')?.dataset['span']).toBe('');
	});

	it('has a polite status line and the ast.dump text, collapsed', () => {
		const root = render(DATA, { document, source: SOURCE });
		expect(root.querySelector('[data-ast-status]')?.getAttribute('role')).toBe('status');
		const details = root.querySelector('details.syn-dump');
		expect(details?.hasAttribute('open')).toBe(false);
		expect(details?.querySelector('pre')?.textContent).toBe(DATA.dump);
		expect(root.querySelector('.syn-summary')?.textContent).toBe('ast.parse built 7 nodes.');
	});

	it('opens only the first levels of a large tree', () => {
		let deep: AstNode = { type: 'Constant', fields: { value: '1' }, span: null, children: [] };
		for (let i = 0; i < 6; i += 1) deep = { type: 'UnaryOp', fields: { op: 'USub' }, span: null, children: [{ field: 'operand', list: false, nodes: [deep] }] };
		const root = render({ ...DATA, tree: deep, count: 400 }, { document, source: '' });
		const items = [...root.querySelectorAll<HTMLElement>('[role="treeitem"]')];
		expect(items.map((i) => i.getAttribute('aria-expanded'))).toEqual(['true', 'true', 'false', 'false', 'false', 'false', null]);
		// Items below the first closed branch (level 3) are hidden.
		expect(items.map((i) => i.hidden)).toEqual([false, false, false, true, true, true, true]);
	});

	it('shows a SyntaxError without a tree', () => {
		const root = render(
			{ tree: null, count: 0, omitted: 0, dump: null, error: { type: 'SyntaxError', message: 'invalid syntax', span: { line: 1, col: 9, endLine: 1, endCol: 10 } } },
			{ document, source: 'ééé = 1 +* 2\n' }
		);
		expect(root.outerHTML).toMatchSnapshot();
		expect(root.querySelector('[role="tree"]')).toBeNull();
		expect(root.querySelector('.syn-problem')?.textContent).toContain('SyntaxError at line 1, column 9: invalid syntax');
		expect(root.querySelector('[data-source-view] code')?.textContent).toBe('ééé = 1 +* 2\n');
		expect(root.querySelector('details')).toBeNull();
	});

	it('says how many nodes were left out', () => {
		const root = render({ ...DATA, count: 2000, omitted: 406 }, { document, source: SOURCE });
		expect(root.querySelector('.syn-summary')?.textContent).toBe('ast.parse built 2406 nodes; the first 2000 are drawn.');
	});

	it('announces a node with its position', () => {
		expect(describeNode('BinOp', { line: 3, col: 4, endLine: 3, endCol: 9 })).toBe('BinOp (line 3, columns 4–9)');
		expect(describeNode('arguments', null)).toBe('arguments (no position)');
	});
});

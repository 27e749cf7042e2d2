import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { AstNode } from '../widgets/ast-tree';
import type { Scope } from '../widgets/scope-table';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

interface Span {
	line: number;
	col: number;
	endLine: number;
	endCol: number;
}
interface TokensResult {
	tokens: { type: string; exact?: string; string: string; span: Span }[];
	counts: Record<string, number>;
	total: number;
	truncated: boolean;
	error: { type: string; message: string; span: Span | null } | null;
}
interface AstResult {
	tree: AstNode | null;
	count: number;
	omitted: number;
	dump: string | null;
	error: { type: string; message: string; span: Span | null } | null;
}
interface ScopesResult {
	scope: Scope | null;
	count: number;
	omitted: number;
	flags: string[];
	error: { type: string; message: string; span: Span | null } | null;
}

const tokens = (source: string) => python.call<TokensResult>('lifecycle.syntax', 'tokens', [source]);
const astTree = (source: string) => python.call<AstResult>('lifecycle.syntax', 'ast_tree', [source]);
const scopes = (source: string) => python.call<ScopesResult>('lifecycle.syntax', 'scopes', [source]);

/** Every node of the tree, depth first. */
function walk(node: AstNode): AstNode[] {
	return [node, ...node.children.flatMap((group) => group.nodes.flatMap(walk))];
}

/** The text a span covers, counting characters (what the page's source view does). */
function textOf(source: string, span: Span): string {
	const lines = source.split('\n');
	if (span.line === span.endLine) return (lines[span.line - 1] ?? '').slice(span.col, span.endCol);
	return [
		(lines[span.line - 1] ?? '').slice(span.col),
		...lines.slice(span.line, span.endLine - 1),
		(lines[span.endLine - 1] ?? '').slice(0, span.endCol),
	].join('\n');
}

const SCALE = 'total = 0\ndef scale(xs, k=2):\n    out = [x * k for x in xs]\n    return sum(out) + total\n';

describe('lifecycle.syntax.tokens', () => {
	it('reads `total = 0` as exactly five tokens with character spans', () => {
		expect(tokens('total = 0\n')).toEqual({
			tokens: [
				{ type: 'NAME', string: 'total', span: { line: 1, col: 0, endLine: 1, endCol: 5 } },
				{ type: 'OP', exact: 'EQUAL', string: '=', span: { line: 1, col: 6, endLine: 1, endCol: 7 } },
				{ type: 'NUMBER', string: '0', span: { line: 1, col: 8, endLine: 1, endCol: 9 } },
				{ type: 'NEWLINE', string: '\n', span: { line: 1, col: 9, endLine: 1, endCol: 10 } },
				{ type: 'ENDMARKER', string: '', span: { line: 2, col: 0, endLine: 2, endCol: 0 } },
			],
			counts: { NAME: 1, OP: 1, NUMBER: 1, NEWLINE: 1, ENDMARKER: 1 },
			total: 5,
			truncated: false,
			error: null,
		});
	});

	it('marks indentation, blank lines and comments as tokens of their own', () => {
		const result = tokens('if x:\n\n    y = 1  # one\n');
		expect(result.tokens.map((t) => t.type)).toEqual([
			'NAME',
			'NAME',
			'OP',
			'NEWLINE',
			'NL',
			'INDENT',
			'NAME',
			'OP',
			'NUMBER',
			'COMMENT',
			'NEWLINE',
			'DEDENT',
			'ENDMARKER',
		]);
		expect(result.tokens.find((t) => t.type === 'INDENT')?.string).toBe('    ');
	});

	it('counts columns in characters after a non-ASCII name', () => {
		const source = 'café = 1 + 2\n';
		const plus = tokens(source).tokens.find((t) => t.exact === 'PLUS');
		expect(plus?.span).toEqual({ line: 1, col: 9, endLine: 1, endCol: 10 });
		expect(textOf(source, plus?.span as Span)).toBe('+');
	});

	it('returns the tokens read so far and where tokenize stopped', () => {
		const result = tokens('é = "abc\n');
		expect(result.tokens.map((t) => t.string)).toEqual(['é', '=']);
		expect(result.error).toEqual({
			type: 'TokenError',
			message: 'unterminated string literal (detected at line 1)',
			span: { line: 1, col: 4, endLine: 1, endCol: 5 },
		});
	});

	it('reports an indentation error with its line', () => {
		const result = tokens('if x:\n  a\n b\n');
		expect(result.error?.type).toBe('IndentationError');
		expect(result.error?.span?.line).toBe(3);
		expect(result.tokens.at(-1)?.type).toBe('NEWLINE');
	});

	it('caps the tokens it sends but counts them all', () => {
		const result = tokens('x = 1\n'.repeat(1000));
		expect(result.tokens).toHaveLength(3000);
		expect(result.total).toBe(4001);
		expect(result.truncated).toBe(true);
		expect(result.counts['NAME']).toBe(1000);
	});
});

describe('lifecycle.syntax.ast_tree', () => {
	it('gives a BinOp after a non-ASCII name on the same line character columns', () => {
		const source = 'héllo = 1; y = héllo + 2\n';
		const result = astTree(source);
		expect(result.error).toBeNull();
		const nodes = walk(result.tree as AstNode);
		const binop = nodes.find((n) => n.type === 'BinOp');
		// In UTF-8 bytes CPython says 16..25; the page counts characters.
		expect(binop).toEqual({
			type: 'BinOp',
			fields: { op: 'Add' },
			span: { line: 1, col: 15, endLine: 1, endCol: 24 },
			children: [
				{
					field: 'left',
					list: false,
					nodes: [
						{
							type: 'Name',
							fields: { id: "'héllo'", ctx: 'Load' },
							span: { line: 1, col: 15, endLine: 1, endCol: 20 },
							children: [],
						},
					],
				},
				{
					field: 'right',
					list: false,
					nodes: [
						{ type: 'Constant', fields: { value: '2' }, span: { line: 1, col: 23, endLine: 1, endCol: 24 }, children: [] },
					],
				},
			],
		});
		expect(textOf(source, binop?.span as Span)).toBe('héllo + 2');
	});

	it('nests the module, keeps field names, and leaves out empty fields as ast.dump does', () => {
		const result = astTree(SCALE);
		const tree = result.tree as AstNode;
		expect(tree.type).toBe('Module');
		expect(tree.span).toBeNull();
		expect(tree.children.map((g) => [g.field, g.list])).toEqual([['body', true]]);
		expect(tree.children[0]?.nodes.map((n) => n.type)).toEqual(['Assign', 'FunctionDef']);
		const def = tree.children[0]?.nodes[1] as AstNode;
		expect(def.fields).toEqual({ name: "'scale'" });
		expect(def.children.map((g) => [g.field, g.list])).toEqual([
			['args', false],
			['body', true],
		]);
		expect(def.span).toEqual({ line: 2, col: 0, endLine: 4, endCol: 27 });
		const comp = walk(tree).find((n) => n.type === 'comprehension') as AstNode;
		expect(comp.span).toBeNull();
		expect(comp.fields).toEqual({ is_async: '0' });
		expect(result.count).toBe(walk(tree).length);
		expect(result.omitted).toBe(0);
		expect(result.dump).toMatch(/^Module\(\n {2}body=\[\n {4}Assign\(/);
	});

	it('shows operators of a comparison as one scalar field', () => {
		const compare = walk(astTree('a < b <= c\n').tree as AstNode).find((n) => n.type === 'Compare');
		expect(compare?.fields).toEqual({ ops: '[Lt, LtE]' });
		expect(compare?.children.map((g) => [g.field, g.nodes.length])).toEqual([
			['left', 1],
			['comparators', 2],
		]);
	});

	it('reports a SyntaxError with its position in characters', () => {
		expect(astTree('ééé = 1 +* 2\n')).toEqual({
			tree: null,
			count: 0,
			omitted: 0,
			dump: null,
			error: { type: 'SyntaxError', message: 'invalid syntax', span: { line: 1, col: 9, endLine: 1, endCol: 10 } },
		});
	});

	it('caps the number of nodes it sends', () => {
		const result = astTree('x = 1\n'.repeat(1000));
		expect(result.count).toBe(2000);
		expect(result.count + result.omitted).toBe(1 + 3000);
	});

	it('refuses a chain deep enough to overflow the stack, and the interpreter lives on', () => {
		const result = astTree(`x = ${Array(2500).fill('1').join(' + ')}\n`);
		expect(result.tree).toBeNull();
		expect(result.error?.type).toBe('TooDeep');
		expect(astTree('y = 1\n').tree?.type).toBe('Module');
	});

	it('draws a long flat list, which is not deep', () => {
		// Each -1 is UnaryOp(USub, Constant(1)): two nodes, one level below the list.
		const result = astTree(`data = [${Array(1200).fill('-1').join(', ')}]\n`);
		expect(result.error).toBeNull();
		expect(result.count).toBe(2000);
		expect(result.count + result.omitted).toBe(4 + 2400);
	});
});

describe('lifecycle.syntax.scopes', () => {
	it('finds __annotate__ and scale under the module, and the inlined comprehension in scale', () => {
		const top = scopes(SCALE).scope as Scope;
		expect([top.name, top.type, top.lineno]).toEqual(['top', 'module', 0]);
		expect(top.symbols).toEqual([
			{ name: 'total', flags: ['local', 'global', 'assigned'] },
			{ name: 'scale', flags: ['local', 'global', 'assigned', 'namespace'] },
		]);
		expect(top.children.map((c) => [c.name, c.type, c.lineno])).toEqual([
			['__annotate__', 'annotation', 2],
			['scale', 'function', 2],
		]);
		const [annotate, scale] = top.children as [Scope, Scope];
		expect(annotate.annotationOf).toEqual({ kind: 'function', name: 'scale' });
		expect(annotate.symbols).toEqual([{ name: '.format', flags: ['local', 'parameter', 'referenced'] }]);
		expect(scale.children).toEqual([]);
		expect(scale.symbols).toEqual([
			{ name: 'xs', flags: ['local', 'parameter', 'referenced'] },
			{ name: 'k', flags: ['local', 'parameter'] },
			{ name: 'out', flags: ['local', 'assigned', 'referenced'] },
			{ name: 'sum', flags: ['global', 'referenced'] },
			{ name: 'total', flags: ['global', 'referenced'] },
			{ name: 'x', flags: ['local', 'assigned', 'referenced', 'comp_iter'] },
		]);
		expect(scale.inlined).toEqual(['x']);
		expect(scale.annotationOf).toBeNull();
	});

	it('has no __annotate__ scope for a module without functions or annotations', () => {
		expect(scopes('x = 1\n').scope?.children).toEqual([]);
	});

	it('tells a module’s own annotation scope from a function’s', () => {
		const top = scopes('x: int = 1\ndef f(): pass\n').scope as Scope;
		expect(top.children.map((c) => [c.name, c.lineno, c.annotationOf])).toEqual([
			['__annotate__', 1, { kind: 'body' }],
			['__annotate__', 2, { kind: 'function', name: 'f' }],
			['f', 2, null],
		]);
	});

	it('keeps a scope for a generator expression, and flags nonlocal, free and declared globals', () => {
		const source = 'import os\nglobal q\ndef h():\n    a = 1\n    def i():\n        nonlocal a\n        a += 1\n    return (z for z in range(3))\n';
		const top = scopes(source).scope as Scope;
		const flagsOf = (scope: Scope, name: string) => scope.symbols.find((s) => s.name === name)?.flags;
		expect(flagsOf(top, 'os')).toEqual(['local', 'global', 'imported']);
		expect(flagsOf(top, 'q')).toEqual(['global', 'declared_global']);
		const h = top.children.find((c) => c.name === 'h') as Scope;
		const i = h.children.find((c) => c.name === 'i') as Scope;
		expect(flagsOf(i, 'a')).toEqual(['nonlocal', 'free', 'assigned']);
		const genexpr = h.children.find((c) => c.name === 'genexpr') as Scope;
		expect(genexpr.type).toBe('function');
		expect(flagsOf(genexpr, 'z')).toContain('comp_iter');
		expect(genexpr.inlined).toEqual([]);
		expect(h.inlined).toEqual([]);
	});

	it('lists the flag names 3.14 has', () => {
		expect(scopes('').flags).toEqual([
			'local',
			'global',
			'declared_global',
			'nonlocal',
			'free',
			'free_class',
			'parameter',
			'type_parameter',
			'imported',
			'assigned',
			'referenced',
			'annotated',
			'namespace',
			'comp_iter',
			'comp_cell',
		]);
	});

	it('reports what symtable refuses, such as top-level await the cell itself allows', () => {
		const result = scopes('await x\n');
		expect(result.scope).toBeNull();
		expect(result.error).toEqual({
			type: 'SyntaxError',
			message: "'await' outside function",
			span: { line: 1, col: 0, endLine: 1, endCol: 7 },
		});
	});
});

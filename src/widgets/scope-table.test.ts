// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { FLAG_MEANINGS, render, type ScopesData } from './scope-table';

const FLAGS = ['local', 'global', 'declared_global', 'nonlocal', 'free', 'free_class', 'parameter', 'type_parameter', 'imported', 'assigned', 'referenced', 'annotated', 'namespace', 'comp_iter', 'comp_cell'];

// What lifecycle.syntax.scopes returns for facts.md §11's program (pinned in src/python/syntax.test.ts).
const SCALE: ScopesData = {
	scope: {
		name: 'top',
		type: 'module',
		lineno: 0,
		symbols: [
			{ name: 'total', flags: ['local', 'global', 'assigned'] },
			{ name: 'scale', flags: ['local', 'global', 'assigned', 'namespace'] },
		],
		children: [
			{
				name: '__annotate__',
				type: 'annotation',
				lineno: 2,
				symbols: [{ name: '.format', flags: ['local', 'parameter', 'referenced'] }],
				children: [],
				annotationOf: { kind: 'function', name: 'scale' },
				inlined: [],
			},
			{
				name: 'scale',
				type: 'function',
				lineno: 2,
				symbols: [
					{ name: 'xs', flags: ['local', 'parameter', 'referenced'] },
					{ name: 'k', flags: ['local', 'parameter'] },
					{ name: 'out', flags: ['local', 'assigned', 'referenced'] },
					{ name: 'sum', flags: ['global', 'referenced'] },
					{ name: 'total', flags: ['global', 'referenced'] },
					{ name: 'x', flags: ['local', 'assigned', 'referenced', 'comp_iter'] },
				],
				children: [],
				annotationOf: null,
				inlined: ['x'],
			},
		],
		annotationOf: null,
		inlined: [],
	},
	count: 3,
	omitted: 0,
	flags: FLAGS,
	error: null,
};

const SOURCE = 'total = 0\ndef scale(xs, k=2):\n    out = [x * k for x in xs]\n    return sum(out) + total\n';

describe('scope table rendering', () => {
	it('draws one table per scope, nested as the scopes are', () => {
		const root = render(SCALE, { document, source: SOURCE });
		expect(root.outerHTML).toMatchSnapshot();
		const scopes = [...root.querySelectorAll<HTMLElement>('[data-scope]')];
		expect(scopes.map((s) => [s.dataset['scope'], s.dataset['scopeType']])).toEqual([
			['top', 'module'],
			['__annotate__', 'annotation'],
			['scale', 'function'],
		]);
		const module = scopes[0] as HTMLElement;
		expect(module.querySelector(':scope > .scope-children')?.children).toHaveLength(2);
		expect([...root.querySelectorAll('caption')].map((c) => c.textContent)).toEqual([
			'top module',
			'__annotate__ annotation scope line 2',
			'scale function line 2',
		]);
		expect(root.querySelectorAll('table')).toHaveLength(3);
		expect(root.querySelectorAll('th[scope="col"]')).toHaveLength(6);
	});

	it('writes out every flag of every name', () => {
		const root = render(SCALE, { document, source: SOURCE });
		const x = root.querySelector('[data-scope="scale"] tr[data-symbol="x"]');
		expect([...(x?.querySelectorAll<HTMLElement>('[data-flag]') ?? [])].map((f) => f.textContent)).toEqual([
			'local',
			'assigned',
			'referenced',
			'comp_iter',
		]);
		expect(x?.querySelector('th')?.textContent).toBe('x from an inlined comprehension');
		expect(root.querySelector('[data-scope="__annotate__"] tr[data-symbol=".format"] th')?.textContent).toBe('.format made by the compiler');
	});

	it('points out the 3.14 annotation scope and the inlined comprehension', () => {
		const root = render(SCALE, { document, source: SOURCE });
		const notes = [...root.querySelectorAll('.syn-notes li')].map((li) => li.textContent);
		expect(notes[0]).toMatch(/^New in 3\.14: a scope named __annotate__ sits beside the function: an annotation scope \(PEP 649\/749\)/);
		expect(notes[1]).toBe(
			'Inlined comprehensions: list, set and dict comprehensions have no scope of their own (PEP 709); their loop variables appear in scale.'
		);
		expect(root.querySelector('[data-scope="__annotate__"] .scope-note')?.textContent).toMatch(
			/^New in 3\.14: the annotation scope of scale’s annotations \(PEP 649\/749\)\. The symbol table makes one beside every def, even one without annotations/
		);
		expect(root.querySelector('[data-scope="scale"] .scope-note')?.textContent).toMatch(/^Inlined comprehension: x is the loop variable/);
		expect(root.querySelector('[data-scope="top"] > .scope-note')).toBeNull();
	});

	it('explains a generator expression’s own scope and an empty table', () => {
		const data: ScopesData = {
			...SCALE,
			scope: {
				name: 'genexpr',
				type: 'function',
				lineno: 1,
				symbols: [
					{ name: '.0', flags: ['local', 'parameter'] },
					{ name: 'z', flags: ['local', 'assigned', 'referenced', 'comp_iter'] },
				],
				children: [{ name: 'f', type: 'function', lineno: 2, symbols: [], children: [], annotationOf: null, inlined: [] }],
				annotationOf: null,
				inlined: [],
			},
		};
		const root = render(data, { document, source: '' });
		expect(root.querySelector('[data-scope="genexpr"] .scope-note')?.textContent).toMatch(/^Own scope: a generator expression is not inlined/);
		expect(root.querySelector('[data-scope="f"] td')?.textContent).toBe('No names in this scope.');
		expect(root.querySelector('.syn-notes')).toBeNull();
	});

	it('explains every flag in the legend', () => {
		const root = render(SCALE, { document, source: SOURCE });
		expect([...root.querySelectorAll('.scope-legend dt')].map((dt) => dt.textContent)).toEqual(FLAGS);
		expect(FLAGS.every((flag) => FLAG_MEANINGS[flag])).toBe(true);
	});

	it('shows what symtable refused, with the source, and why the cell could still run', () => {
		const root = render(
			{ scope: null, count: 0, omitted: 0, flags: FLAGS, error: { type: 'SyntaxError', message: "'await' outside function", span: { line: 1, col: 0, endLine: 1, endCol: 7 } } },
			{ document, source: 'await x\n' }
		);
		expect(root.outerHTML).toMatchSnapshot();
		expect(root.querySelector('.syn-problem')?.textContent).toContain("SyntaxError at line 1, columns 0–7: 'await' outside function");
		expect(root.querySelector('.syn-problem')?.textContent).toContain('top-level await');
		expect(root.querySelector('[data-source-view] code')?.textContent).toBe('await x\n');
		expect(root.querySelector('[data-scope]')).toBeNull();
	});
});

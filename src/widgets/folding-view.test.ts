// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { foldWhere, render, rowSpan, type FoldingData } from './folding-view';

const data: FoldingData = {
	source: 'DAY = 24 * 60 * 60\ndef f(n):\n    assert n\n    return n\n',
	folds: [
		{
			source: '24 * 60 * 60',
			node: 'BinOp',
			span: { line: 1, col: 6, endLine: 1, endCol: 18 },
			astOptimized: 'BinOp',
			folded: true,
			value: '86400',
			type: 'int',
			opname: 'LOAD_CONST',
			inConsts: true,
			constIndex: 2,
			codeObject: '<module>',
		},
		{ source: '2 ** 100', node: 'BinOp', span: null, astOptimized: 'BinOp', folded: false, value: null, instructions: ['BINARY_OP **'] },
	],
	removals: { asserts: [3], docstrings: [], debug: [] },
	levels: [0, 1, 2].map((optimize) => ({
		optimize,
		name: `optimize=${optimize}`,
		codeObjects: [
			{
				qualname: 'f',
				firstLine: 2,
				consts: optimize === 0 ? ["'x'"] : [],
				...(optimize === 1 ? { constsRemoved: ["'x'"] } : {}),
				instructions: [
					{ offset: 0, opname: 'RESUME', arg: '', line: 2, span: null },
					...(optimize === 0
						? [{ offset: 2, opname: 'RAISE_VARARGS', arg: '', line: 3, span: null, goneAt: 1 }]
						: []),
					{ offset: 4, opname: optimize === 0 ? 'LOAD_FAST_BORROW' : 'LOAD_FAST', arg: 'n', line: 4, span: null, ...(optimize === 1 ? { changed: true } : {}) },
				],
			},
		],
	})),
};

describe('folding view', () => {
	const view = render(data, { document });

	it('lists each constant expression with what compile() made of it', () => {
		const rows = [...view.querySelectorAll<HTMLElement>('tr[data-fold-index]')];
		expect(rows.map((r) => r.querySelector('td')?.textContent)).toEqual(['24 * 60 * 60', '2 ** 100']);
		expect(rows[0]?.textContent).toContain('86400');
		expect(rows[0]?.textContent).toContain('co_consts[2] of <module>, loaded by LOAD_CONST');
		expect(rows[0]?.tabIndex).toBe(0);
		expect(rows[0]?.getAttribute('aria-label')).toBe('24 * 60 * 60: folded to 86400');
		expect(rowSpan(rows[0] as HTMLElement)).toEqual({ line: 1, col: 6, endLine: 1, endCol: 18 });
		expect(rowSpan(rows[1] as HTMLElement)).toBeNull();
		expect(rows[1]?.dataset['folded']).toBe('false');
		expect(rows[1]?.textContent).toContain('BINARY_OP **');
	});

	it('draws one column per optimize level and marks changes in words', () => {
		const levels = [...view.querySelectorAll<HTMLElement>('.opt-level')];
		expect(levels.map((l) => l.dataset['optimize'])).toEqual(['0', '1', '2']);
		const gone = levels[0]?.querySelector('.is-gone');
		expect(gone?.textContent).toContain('RAISE_VARARGS');
		expect(gone?.querySelector('.opt-mark')?.textContent).toBe('gone at 1');
		expect(levels[1]?.querySelector('.is-new .opt-mark')?.textContent).toBe('new at 1');
		expect(levels[1]?.querySelector('.opt-removed')?.textContent).toContain("'x'");
		expect(view.querySelector('.opt-summary')?.textContent).toContain('assert on line 3');
	});

	it('puts every scrolling box in the Tab order with a name', () => {
		for (const box of view.querySelectorAll('.opt-scroll, .widget-scroll')) {
			expect(box.getAttribute('tabindex')).toBe('0');
			expect(box.getAttribute('aria-label')).toBeTruthy();
		}
	});

	it('words the place of a small int and of dropped code', () => {
		expect(foldWhere({ ...data.folds![0]!, inConsts: false, opname: 'LOAD_SMALL_INT', codeObject: 'f' })).toBe(
			'the argument of LOAD_SMALL_INT in f (small ints are not stored in co_consts)'
		);
		expect(foldWhere({ ...data.folds![1]!, instructions: [] })).toMatch(/dropped this code as unreachable/);
	});

	it('shows an error instead of tables', () => {
		const broken = render({ source: 'x = (', error: 'SyntaxError: boom (line 1)' }, { document });
		expect(broken.querySelector('.widget-error')?.textContent).toBe('SyntaxError: boom (line 1)');
		expect(broken.querySelector('table')).toBeNull();
	});

	it('matches the snapshot', () => {
		expect(view.outerHTML).toMatchSnapshot();
	});
});

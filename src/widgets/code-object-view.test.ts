// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { entrySpan, FIELD_MEANINGS, render, wireEntryLists, type CodeObjectInfo } from './code-object-view';

const base: CodeObjectInfo = {
	co_name: '<module>',
	co_qualname: '<module>',
	co_filename: '<cell 1>',
	co_firstlineno: 1,
	co_argcount: 0,
	co_posonlyargcount: 0,
	co_kwonlyargcount: 0,
	co_nlocals: 0,
	co_stacksize: 1,
	co_flags: { value: 0, names: [] },
	co_consts: [
		{ repr: '<code object f, line 1>', code: 'f' },
		{ repr: 'None', code: null },
	],
	co_names: ['f'],
	co_varnames: [],
	co_cellvars: [],
	co_freevars: [],
	co_code: { hex: '80 00 52 00 17 00', length: 6, units: 3, truncated: false },
	co_lines: [
		[0, 2, 0],
		[2, 6, 1],
	],
	co_positions: [
		{ offset: 0, opname: 'RESUME', raw: [0, 1, 0, 0], span: { line: 0, col: 0, endLine: 1, endCol: 0 } },
		{ offset: 2, opname: 'LOAD_CONST', raw: [1, 2, 0, 12], span: { line: 1, col: 0, endLine: 2, endCol: 12 } },
		{ offset: 4, opname: 'MAKE_FUNCTION', raw: [null, null, null, null], span: null },
	],
	co_exceptiontable: { hex: '', length: 0, entries: [] },
};
const inner: CodeObjectInfo = {
	...base,
	co_name: 'f',
	co_qualname: 'f',
	co_argcount: 1,
	co_nlocals: 1,
	co_flags: { value: 3, names: ['OPTIMIZED', 'NEWLOCALS'] },
	co_consts: [{ repr: 'None', code: null }],
	co_names: [],
	co_varnames: ['x'],
	co_exceptiontable: { hex: '82 07 0a 00', length: 4, entries: [{ start: 4, end: 16, target: 20, depth: 0, lasti: false }] },
};
const source = 'def f(x):\n    return x\n';

describe('code object view', () => {
	const view = render({ source, codeObjects: [base, inner] }, { document, idPrefix: 't' });
	document.body.replaceChildren(view);

	it('draws a section per code object with a row for every field and its meaning', () => {
		const sections = [...view.querySelectorAll<HTMLElement>('.co-section')];
		expect(sections.map((s) => s.dataset['qualname'])).toEqual(['<module>', 'f']);
		const fields = [...(sections[1]?.querySelectorAll<HTMLElement>('tr[data-field]') ?? [])].map((r) => r.dataset['field']);
		expect(fields).toEqual(Object.keys(FIELD_MEANINGS));
		const flags = sections[1]?.querySelector('tr[data-field="co_flags"]');
		expect(flags?.querySelector('.co-value')?.textContent).toBe('3 = OPTIMIZED | NEWLOCALS');
		expect(flags?.querySelector('.co-meaning')?.textContent).toBe(FIELD_MEANINGS['co_flags']);
		expect(sections[1]?.querySelector('tr[data-field="co_varnames"] .co-value')?.textContent).toBe("('x',)");
		expect(sections[0]?.querySelector('tr[data-field="co_code"]')?.textContent).toContain('6 bytes = 3 code units');
		expect(sections[1]?.querySelector('tr[data-field="co_exceptiontable"]')?.textContent).toContain('offsets 4 to 16 → handler at 20, stack depth 0');
	});

	it('links a nested code object in co_consts to its section', () => {
		const link = view.querySelector<HTMLAnchorElement>('tr[data-field="co_consts"] a');
		expect(link?.getAttribute('href')).toBe('#t-1');
		expect(view.querySelector('#t-1')?.getAttribute('data-qualname')).toBe('f');
	});

	it('turns co_positions into a listbox whose entries carry their character span', () => {
		const options = [...view.querySelectorAll<HTMLElement>('.co-section:first-child tr[data-field="co_positions"] [role="option"]')];
		expect(options.map((o) => o.textContent)).toEqual([
			'  0 RESUME: (0, 1, 0, 0)',
			'  2 LOAD_CONST: (1, 2, 0, 12)',
			'  4 MAKE_FUNCTION: (None, None, None, None)',
		]);
		expect(options.map((o) => o.tabIndex)).toEqual([0, -1, -1]);
		expect(entrySpan(options[1] as HTMLElement)).toEqual({ line: 1, col: 0, endLine: 2, endCol: 12 });
		expect(entrySpan(options[2] as HTMLElement)).toBeNull();
	});

	it('moves through entries with the arrow keys and reports the selected one', () => {
		const selected = vi.fn();
		wireEntryLists(view, selected);
		const list = view.querySelector<HTMLElement>('tr[data-field="co_lines"] [role="listbox"]');
		const [first, second] = [...(list?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])];
		first?.focus();
		expect(selected).toHaveBeenLastCalledWith(first);
		first?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
		expect(document.activeElement).toBe(second);
		expect(second?.getAttribute('aria-selected')).toBe('true');
		expect(first?.getAttribute('aria-selected')).toBe('false');
		expect([first?.tabIndex, second?.tabIndex]).toEqual([-1, 0]);
		expect(entrySpan(second as HTMLElement)).toEqual({ line: 1, col: 0, endLine: 1, endCol: 10_000 });
	});

	it('shows an error instead of sections', () => {
		const broken = render({ source: 'x = (', error: 'SyntaxError: x (line 1)' }, { document });
		expect(broken.textContent).toBe('SyntaxError: x (line 1)');
	});

	it('matches the snapshot', () => {
		expect(render({ source, codeObjects: [base, inner] }, { document, idPrefix: 't' }).outerHTML).toMatchSnapshot();
	});
});

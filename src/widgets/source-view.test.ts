// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { contains, lineStarts, positionOf, renderSource, spanOffsets } from './source-view';

const source = 'total = 0\ndef f(x):\n    return x + total\n';

describe('source offsets', () => {
	it('finds the start of every line', () => {
		expect(lineStarts(source)).toEqual([0, 10, 20, 41]);
	});
	it('maps a CPython span to character offsets', () => {
		// `x + total` on line 3 is columns 11..20.
		const [start, end] = spanOffsets(source, { line: 3, col: 11, endLine: 3, endCol: 20 }) ?? [0, 0];
		expect(source.slice(start, end)).toBe('x + total');
	});
	it('spans lines and clamps columns to the line', () => {
		const offsets = spanOffsets(source, { line: 2, col: 0, endLine: 3, endCol: 99 });
		expect(offsets && source.slice(...offsets)).toBe('def f(x):\n    return x + total');
	});
	it('refuses spans outside the text', () => {
		expect(spanOffsets(source, { line: 9, col: 0, endLine: 9, endCol: 1 })).toBeNull();
	});
	it('inverts offsets to positions', () => {
		const starts = lineStarts(source);
		expect(positionOf(31, starts)).toEqual({ line: 3, col: 11 });
		expect(positionOf(0, starts)).toEqual({ line: 1, col: 0 });
	});
	it('tells containment', () => {
		expect(contains([0, 10], [2, 5])).toBe(true);
		expect(contains([2, 5], [0, 10])).toBe(false);
	});
});

describe('renderSource', () => {
	it('keeps the source as one text node with a numbered gutter', () => {
		const view = renderSource(source, { document, label: 'Your code' });
		const code = view.querySelector('[data-source-view] code');
		expect(code?.childNodes).toHaveLength(1);
		expect(code?.textContent).toBe(source);
		expect(view.querySelector('.source-gutter')?.textContent).toBe('1\n2\n3\n4');
		expect(view.querySelector('[data-source-view]')?.getAttribute('aria-label')).toBe('Your code');
	});
});

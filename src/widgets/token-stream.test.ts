// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { chipText, describeSpan, describeToken, parseSpanAttribute, render, spanAttribute, type TokensData } from './token-stream';

// What lifecycle.syntax.tokens returns for "total = 0\n" (pinned in src/python/syntax.test.ts).
const TOTAL: TokensData = {
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
};

describe('token stream rendering', () => {
	it('draws one option per token, grouped by line, with type data and one tab stop', () => {
		const root = render(TOTAL, { document, source: 'total = 0\n' });
		expect(root.outerHTML).toMatchSnapshot();
		const listbox = root.querySelector('[role="listbox"]');
		expect(listbox?.getAttribute('aria-label')).toMatch(/^Tokens/);
		const options = [...root.querySelectorAll<HTMLElement>('[role="option"]')];
		expect(options.map((o) => o.dataset['tokenType'])).toEqual(['NAME', 'OP', 'NUMBER', 'NEWLINE', 'ENDMARKER']);
		expect(options[1]?.dataset['exactType']).toBe('EQUAL');
		expect(options.map((o) => o.tabIndex)).toEqual([0, -1, -1, -1, -1]);
		expect(options.every((o) => o.getAttribute('aria-selected') === 'false')).toBe(true);
		const groups = [...root.querySelectorAll('[role="group"]')];
		expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual(['Line 1', 'Line 2']);
		expect(groups[0]?.querySelectorAll('[role="option"]')).toHaveLength(4);
	});

	it('marks layout tokens and shows them with a visible symbol', () => {
		const root = render(TOTAL, { document, source: 'total = 0\n' });
		const newline = root.querySelector<HTMLElement>('[data-token-type="NEWLINE"]');
		expect(newline?.classList.contains('tok-layout')).toBe(true);
		expect(newline?.querySelector('.tok-text')?.textContent).toBe('↵');
		expect(root.querySelector('[data-token-type="ENDMARKER"] .tok-text')?.textContent).toBe('∅');
		expect(root.querySelector('[data-token-type="NAME"]')?.classList.contains('tok-layout')).toBe(false);
	});

	it('names each token by its content: what is seen, then (hidden) its kind and position', () => {
		const root = render(TOTAL, { document, source: 'total = 0\n' });
		const op = root.querySelector<HTMLElement>('[data-token-type="OP"]');
		expect(op?.hasAttribute('aria-label')).toBe(false);
		expect(op?.textContent).toBe('EQUAL = (an OP token), line 1, column 6');
		expect(op?.querySelector('.visually-hidden')?.textContent).toBe(' (an OP token), line 1, column 6');
		expect(root.querySelector('[data-token-type="NAME"]')?.textContent).toBe('NAME total, line 1, columns 0–5');
		expect(root.querySelector('[data-token-type="ENDMARKER"]')?.textContent).toBe('ENDMARKER ∅ (empty), line 2, column 0');
		expect(root.querySelector<HTMLElement>('[data-token-type="NAME"]')?.dataset['span']).toBe('1:0-1:5');
	});

	it('counts tokens by type, most frequent first', () => {
		const data: TokensData = { ...TOTAL, counts: { NAME: 3, OP: 5, NEWLINE: 1 } };
		const rows = [...render(data, { document, source: '' }).querySelectorAll<HTMLElement>('.syn-counts tbody tr')];
		expect(rows.map((row) => [row.dataset['countType'], row.querySelector('td')?.textContent])).toEqual([
			['OP', '5'],
			['NAME', '3'],
			['NEWLINE', '1'],
		]);
	});

	it('shows where tokenize stopped, and the source beside the stream', () => {
		const data: TokensData = {
			tokens: TOTAL.tokens.slice(0, 2),
			counts: { NAME: 1, OP: 1 },
			total: 2,
			truncated: false,
			error: { type: 'TokenError', message: 'unterminated string literal (detected at line 1)', span: { line: 1, col: 4, endLine: 1, endCol: 5 } },
		};
		const root = render(data, { document, source: 'é = "abc\n' });
		const problem = root.querySelector<HTMLElement>('.syn-problem');
		expect(problem?.dataset['syntaxError']).toBe('TokenError');
		expect(problem?.textContent).toContain('TokenError at line 1, column 4: unterminated string literal');
		expect(problem?.textContent).toContain('The 2 tokens read before it are shown');
		expect(root.querySelector('[data-source-view] code')?.textContent).toBe('é = "abc\n');
	});

	it('says when the stream is cut', () => {
		const root = render({ ...TOTAL, total: 4001, truncated: true }, { document, source: '' });
		expect(root.querySelector('.syn-summary')?.textContent).toBe('tokenize read 4001 tokens; the first 5 are drawn.');
	});
});

describe('token helpers', () => {
	it('describes spans on one line and over several', () => {
		expect(describeSpan({ line: 3, col: 4, endLine: 3, endCol: 9 })).toBe('line 3, columns 4–9');
		expect(describeSpan({ line: 2, col: 0, endLine: 4, endCol: 27 })).toBe('line 2, column 0 to line 4, column 27');
	});
	it('round-trips span attributes', () => {
		const span = { line: 12, col: 3, endLine: 14, endCol: 0 };
		expect(parseSpanAttribute(spanAttribute(span))).toEqual(span);
		expect(parseSpanAttribute('')).toBeNull();
	});
	it('shows indentation and cuts long text', () => {
		expect(chipText({ type: 'INDENT', string: '\t  ', span: { line: 1, col: 0, endLine: 1, endCol: 3 } })).toBe('→··');
		const long = chipText({ type: 'STRING', string: `"${'a'.repeat(60)}"`, span: { line: 1, col: 0, endLine: 1, endCol: 62 } });
		expect(long).toHaveLength(40);
		expect(long.endsWith('…')).toBe(true);
		expect(describeToken({ type: 'DEDENT', string: '', span: { line: 3, col: 0, endLine: 3, endCol: 0 } })).toBe(
			'DEDENT empty text, line 3, column 0'
		);
	});
});

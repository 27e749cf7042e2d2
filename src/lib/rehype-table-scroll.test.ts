import { describe, expect, it } from 'vitest';
import { rehypeTableScroll, tableLabel } from './rehype-table-scroll.mjs';

const cell = (tagName: string, value: string) => ({ type: 'element', tagName, children: [{ type: 'text', value }] });
const table = () => ({
	type: 'element',
	tagName: 'table',
	children: [
		{ type: 'element', tagName: 'thead', children: [{ type: 'element', tagName: 'tr', children: [cell('th', 'bytes'), cell('th', 'field')] }] },
		{ type: 'element', tagName: 'tbody', children: [{ type: 'element', tagName: 'tr', children: [cell('td', '0–3'), cell('td', 'magic')] }] },
	],
});

describe('rehypeTableScroll', () => {
	it('names a table after its column headings', () => {
		expect(tableLabel(table())).toBe('Table: bytes, field');
	});

	it('wraps every table, however deep, in a focusable named region and leaves the rest alone', () => {
		const paragraph = cell('p', 'text');
		const tree = {
			type: 'root',
			children: [paragraph, table(), { type: 'element', tagName: 'div', children: [table()] }],
		};
		rehypeTableScroll()(tree);
		const [first, wrapped, nested] = tree.children as Array<{ tagName: string; properties?: object; children: Array<{ tagName: string; properties?: object }> }>;
		expect(first).toBe(paragraph);
		for (const region of [wrapped, nested?.children[0]]) {
			expect(region?.tagName).toBe('div');
			expect(region?.properties).toEqual({ className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: 'Table: bytes, field' });
		}
		expect(wrapped?.children[0]?.tagName).toBe('table');
	});
});

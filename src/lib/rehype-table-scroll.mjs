// @ts-check
/**
 * Wraps every table of a lesson's Markdown in a scrolling region, so a wide table scrolls inside itself on a phone
 * instead of widening the page. The region is focusable (keyboard users can scroll it) and named after the table's
 * column headings, so a screen reader announces what it holds (WCAG 2.1.1; axe's scrollable-region-focusable).
 * No dependency: a small walk over the HAST tree is all it takes.
 */

/** @typedef {{ type: string, tagName?: string, value?: string, properties?: Record<string, unknown>, children?: Node[] }} Node */

/** @param {Node} node @returns {string} */
function text(node) {
	if (node.type === 'text') return node.value ?? '';
	return (node.children ?? []).map(text).join('');
}

/** @param {Node} node @param {string} tagName @returns {Node | undefined} */
function find(node, tagName) {
	for (const child of node.children ?? []) {
		if (child.tagName === tagName) return child;
		const found = find(child, tagName);
		if (found) return found;
	}
	return undefined;
}

/** The column headings, "bytes, field, meaning", as the region's name. @param {Node} table */
export function tableLabel(table) {
	const headRow = find(table, 'tr');
	const headings = (headRow?.children ?? []).filter((cell) => cell.tagName === 'th').map((cell) => text(cell).trim());
	return headings.length > 0 ? `Table: ${headings.filter(Boolean).join(', ')}` : 'Table';
}

/** @param {Node} node */
function wrapTables(node) {
	const children = node.children ?? [];
	for (let i = 0; i < children.length; i++) {
		const child = children[i];
		if (!child) continue;
		if (child.type === 'element' && child.tagName === 'table') {
			children[i] = {
				type: 'element',
				tagName: 'div',
				properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: tableLabel(child) },
				children: [child],
			};
		} else {
			wrapTables(child);
		}
	}
}

export function rehypeTableScroll() {
	return /** @param {Node} tree */ (tree) => wrapTables(tree);
}

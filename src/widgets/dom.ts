/**
 * The small DOM builders every widget renderer uses. Text is only ever added as text nodes, never parsed as HTML,
 * so a learner's strings (reprs, source, output) cannot inject markup.
 */

/** A child of `el`: a node, text, or nothing (null, undefined and false are skipped, so `cond && node` works). */
export type Child = Node | string | null | undefined | false;

/**
 * `<tag attrs…>children</tag>`. Children may be given one by one or as arrays (one level is flattened), so
 * both `el(d, 'p', {}, a, b)` and `el(d, 'ul', {}, items)` read naturally.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
	document: Document,
	tag: K,
	attributes?: Record<string, string>,
	...children: (Child | readonly Child[])[]
): HTMLElementTagNameMap[K];
export function el(
	document: Document,
	tag: string,
	attributes?: Record<string, string>,
	...children: (Child | readonly Child[])[]
): HTMLElement;
export function el(
	document: Document,
	tag: string,
	attributes: Record<string, string> = {},
	...children: (Child | readonly Child[])[]
): HTMLElement {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
	for (const child of children.flat()) {
		if (child !== null && child !== undefined && child !== false) node.append(child);
	}
	return node;
}

/** `<tag class="className">text</tag>`, the common case of a styled element holding plain text. */
export function element<K extends keyof HTMLElementTagNameMap>(
	document: Document,
	tag: K,
	className?: string,
	text?: string
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}

/**
 * A read-only view of the learner's source that widgets highlight ranges in: an AST node's span, the columns of a
 * bytecode instruction, a token. Pure rendering plus the offset arithmetic; highlighting uses the CSS Custom
 * Highlight API (no DOM rewriting, so the text stays one selectable block for "select source → find its nodes").
 *
 * Positions are CPython's: lines from 1, columns from 0, counted in characters (the Python helpers convert
 * CPython's UTF-8 byte columns to characters before sending them; see lifecycle/positions.py).
 */

export interface SourceSpan {
	line: number;
	col: number;
	endLine: number;
	endCol: number;
}

/** Character offset of the start of each line of `source` (index 0 is line 1). */
export function lineStarts(source: string): number[] {
	const starts = [0];
	for (let i = 0; i < source.length; i += 1) if (source[i] === '\n') starts.push(i + 1);
	return starts;
}

/** [start, end) character offsets of a span in `source`, clamped to the text; null when the span lies outside. */
export function spanOffsets(source: string, span: SourceSpan, starts = lineStarts(source)): [number, number] | null {
	const at = (line: number, col: number): number | null => {
		const start = starts[line - 1];
		if (start === undefined) return null;
		const next = starts[line] ?? source.length + 1;
		return Math.min(start + Math.max(col, 0), next - 1, source.length);
	};
	const start = at(span.line, span.col);
	const end = at(span.endLine, span.endCol);
	if (start === null || end === null || end < start) return null;
	return [start, end];
}

/** The (line, col) of a character offset: the inverse of spanOffsets for one point. */
export function positionOf(offset: number, starts: number[]): { line: number; col: number } {
	let line = 1;
	while (line < starts.length && (starts[line] ?? Infinity) <= offset) line += 1;
	return { line, col: offset - (starts[line - 1] ?? 0) };
}

/** Whether span `inner` lies inside `outer` (both as offsets). */
export function contains(outer: [number, number], inner: [number, number]): boolean {
	return outer[0] <= inner[0] && inner[1] <= outer[1];
}

/**
 * `<pre class="source-view" data-source-view>` holding the source as a single text node, so offsets map straight
 * to the DOM. Line numbers are drawn by CSS counters on a separate gutter, kept out of the text.
 */
export function renderSource(source: string, { document, label }: { document: Document; label: string }): HTMLElement {
	const figure = document.createElement('div');
	figure.className = 'source-view';
	const gutter = document.createElement('pre');
	gutter.className = 'source-gutter';
	gutter.setAttribute('aria-hidden', 'true');
	gutter.textContent = lineStarts(source)
		.map((_, i) => String(i + 1))
		.join('\n');
	const pre = document.createElement('pre');
	pre.className = 'source-text';
	pre.dataset['sourceView'] = '';
	pre.tabIndex = 0;
	pre.setAttribute('aria-label', label);
	const code = document.createElement('code');
	code.textContent = source;
	pre.append(code);
	figure.append(gutter, pre);
	return figure;
}

/** The text node renderSource made. */
function textNode(view: HTMLElement): Text | null {
	const node = view.querySelector('[data-source-view] code')?.firstChild;
	return node && node.nodeType === 3 ? (node as Text) : null;
}

/**
 * Highlight spans in a rendered source view under a highlight name (styled with `::highlight(name)` in
 * widgets.css). Passing no spans clears it. Does nothing where the browser lacks the Highlight API.
 */
export function highlightSpans(view: HTMLElement, source: string, name: string, spans: readonly SourceSpan[]): void {
	const registry = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
	const HighlightClass = (globalThis as { Highlight?: new (...ranges: Range[]) => unknown }).Highlight;
	const node = textNode(view);
	if (!registry || !HighlightClass || !node) return;
	const starts = lineStarts(source);
	const ranges: Range[] = [];
	for (const span of spans) {
		const offsets = spanOffsets(source, span, starts);
		if (!offsets || offsets[0] === offsets[1]) continue;
		const range = view.ownerDocument.createRange();
		range.setStart(node, offsets[0]);
		range.setEnd(node, offsets[1]);
		ranges.push(range);
	}
	if (ranges.length === 0) registry.delete(name);
	else registry.set(name, new HighlightClass(...ranges));
	// Scroll the first range into view inside the source pane, without moving the page.
	const first = ranges[0]?.getBoundingClientRect();
	// The outer box scrolls (it holds the gutter and the text side by side).
	const pane = view.classList.contains('source-view') ? view : view.querySelector<HTMLElement>('.source-view');
	if (first && pane) {
		const box = pane.getBoundingClientRect();
		if (first.top < box.top || first.bottom > box.bottom) pane.scrollTop += first.top - box.top - box.height / 3;
	}
}

/** The learner's current selection inside the view, as a span; null when the selection is elsewhere or empty. */
export function selectedSpan(view: HTMLElement, source: string): SourceSpan | null {
	const selection = view.ownerDocument.getSelection();
	const node = textNode(view);
	if (!selection || selection.rangeCount === 0 || !node) return null;
	const range = selection.getRangeAt(0);
	if (range.startContainer !== node || range.endContainer !== node) return null;
	const starts = lineStarts(source);
	const start = positionOf(range.startOffset, starts);
	const end = positionOf(range.endOffset, starts);
	return { line: start.line, col: start.col, endLine: end.line, endCol: end.col };
}

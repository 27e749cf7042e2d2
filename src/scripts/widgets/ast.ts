/**
 * The AST view (`widget="ast"`): after a run, the tree `ast.parse` builds from the code that ran, drawn by
 * src/widgets/ast-tree.ts. Both ways between tree and source:
 * - focusing or pointing at a node highlights its exact characters in the source view;
 * - selecting source text (or clicking in it) selects the smallest node covering it: its ancestors open, it scrolls
 *   into view inside the tree, and a polite status line says which node it is and where.
 * The tree follows the WAI-ARIA tree pattern: one tab stop; Up/Down move, Right opens or enters, Left closes or
 * goes to the parent, Home/End, Enter/Space toggle, * opens all siblings.
 */
import '../../styles/widgets.css';
import '../../styles/widget-syntax.css';
import { describeNode, render, type AstData } from '../../widgets/ast-tree';
import { highlightSpans, lineStarts, selectedSpan, spanOffsets } from '../../widgets/source-view';
import { parseSpanAttribute } from '../../widgets/token-stream';
import type { Widget, WidgetContext } from './types';

const teardownOf = new WeakMap<HTMLElement, AbortController>();

const ITEM = '[role="treeitem"]';

/** Scroll `element` into view inside `box` only: the page stays put (on a phone the tree sits below the source). */
function scrollWithin(box: HTMLElement, element: HTMLElement): void {
	const boxRect = box.getBoundingClientRect();
	const rect = element.getBoundingClientRect();
	if (rect.top < boxRect.top) box.scrollTop -= boxRect.top - rect.top + 8;
	else if (rect.top + 32 > boxRect.bottom) box.scrollTop += rect.top - boxRect.top - boxRect.height / 3;
}

class AstView {
	readonly #root: HTMLElement;
	readonly #sourceView: HTMLElement;
	readonly #tree: HTMLElement | null;
	readonly #status: HTMLElement | null;
	/** The tree's items in pre-order; each knows its parent's index (data-parent). */
	readonly #items: HTMLElement[];
	/** Each node's [start, end) character offsets in the source, in document (pre-)order; made on first use. */
	#offsets: { item: HTMLElement; start: number; end: number }[] | null = null;
	#lastFound: HTMLElement | null = null;
	#pending = false;

	constructor(
		readonly context: WidgetContext,
		data: AstData,
		signal: AbortSignal
	) {
		const document = context.panel.ownerDocument;
		this.#root = render(data, { document, source: context.code });
		this.#sourceView = this.#root.querySelector<HTMLElement>('.source-view') as HTMLElement;
		this.#tree = this.#root.querySelector<HTMLElement>('[role="tree"]');
		this.#status = this.#root.querySelector<HTMLElement>('[data-ast-status]');
		this.#items = [...this.#root.querySelectorAll<HTMLElement>(ITEM)];
		context.panel.replaceChildren(this.#root);
		highlightSpans(this.#sourceView, context.code, 'widget-related', data.error?.span ? [data.error.span] : []);
		if (this.#tree) this.#wire(this.#tree, signal);
	}

	#wire(tree: HTMLElement, signal: AbortSignal): void {
		tree.addEventListener(
			'focusin',
			(event) => {
				const item = (event.target as HTMLElement).closest<HTMLElement>(ITEM);
				if (!item) return;
				this.#lastFound = null;
				this.#select(item);
			},
			{ signal }
		);
		tree.addEventListener(
			'mouseover',
			(event) => {
				const item = (event.target as HTMLElement).closest<HTMLElement>(ITEM);
				if (item) this.#highlight(item);
			},
			{ signal }
		);
		tree.addEventListener(
			'mouseleave',
			() => {
				const selected = tree.querySelector<HTMLElement>(`${ITEM}[aria-selected="true"]`);
				if (selected) this.#highlight(selected);
				else highlightSpans(this.#sourceView, this.context.code, 'widget-focus', []);
			},
			{ signal }
		);
		tree.addEventListener('click', (event) => this.#click(event), { signal });
		tree.addEventListener('keydown', (event) => this.#keydown(event), { signal });
		const onSelection = () => this.#selectionChanged();
		this.#sourceView.addEventListener('mouseup', onSelection, { signal });
		this.#sourceView.addEventListener('keyup', onSelection, { signal });
		this.#root.ownerDocument.addEventListener('selectionchange', onSelection, { signal });
	}

	#highlight(item: HTMLElement): void {
		const span = parseSpanAttribute(item.dataset['span']);
		highlightSpans(this.#sourceView, this.context.code, 'widget-focus', span ? [span] : []);
	}

	/** Make `item` the selected node and the tree's one tab stop, and highlight its source. */
	#select(item: HTMLElement): void {
		for (const other of this.#tree?.querySelectorAll<HTMLElement>(`${ITEM}[aria-selected="true"], ${ITEM}[tabindex="0"]`) ?? []) {
			if (other === item) continue;
			other.setAttribute('aria-selected', 'false');
			other.tabIndex = -1;
		}
		item.setAttribute('aria-selected', 'true');
		item.tabIndex = 0;
		this.#highlight(item);
	}

	#setOpen(item: HTMLElement, open: boolean): void {
		if (!item.hasAttribute('aria-expanded') || item.getAttribute('aria-expanded') === String(open)) return;
		item.setAttribute('aria-expanded', String(open));
		this.#refreshVisibility();
	}

	/** Hide every item below a closed branch (pre-order: a parent is always settled before its children). */
	#refreshVisibility(): void {
		for (const item of this.#items) {
			const parent = this.#parentOf(item);
			item.hidden = parent !== null && (parent.hidden || parent.getAttribute('aria-expanded') === 'false');
		}
	}

	/** The items a sighted user sees: those not below a closed branch. */
	#visibleItems(): HTMLElement[] {
		return this.#items.filter((item) => !item.hidden);
	}

	#parentOf(item: HTMLElement): HTMLElement | null {
		return this.#items[Number(item.dataset['parent'])] ?? null;
	}

	#moveTo(item: HTMLElement | null | undefined): void {
		if (!item) return;
		item.focus();
		if (this.#tree) scrollWithin(this.#tree, item);
	}

	#click(event: MouseEvent): void {
		const target = event.target as HTMLElement;
		const item = target.closest<HTMLElement>(ITEM);
		if (!item) return;
		if (target.closest('.ast-twisty')) this.#setOpen(item, item.getAttribute('aria-expanded') !== 'true');
		item.focus();
	}

	#keydown(event: KeyboardEvent): void {
		const item = (event.target as HTMLElement).closest<HTMLElement>(ITEM);
		if (!item) return;
		const visible = this.#visibleItems();
		const index = visible.indexOf(item);
		const expanded = item.getAttribute('aria-expanded');
		switch (event.key) {
			case 'ArrowDown':
				this.#moveTo(visible[index + 1]);
				break;
			case 'ArrowUp':
				this.#moveTo(visible[index - 1]);
				break;
			case 'Home':
				this.#moveTo(visible[0]);
				break;
			case 'End':
				this.#moveTo(visible[visible.length - 1]);
				break;
			case 'ArrowRight':
				if (expanded === 'false') this.#setOpen(item, true);
				else if (expanded === 'true') this.#moveTo(this.#items[Number(item.dataset['index']) + 1]);
				break;
			case 'ArrowLeft':
				if (expanded === 'true') this.#setOpen(item, false);
				else this.#moveTo(this.#parentOf(item));
				break;
			case 'Enter':
			case ' ':
				if (expanded !== null) this.#setOpen(item, expanded !== 'true');
				break;
			case '*':
				for (const sibling of this.#items.filter((other) => other.dataset['parent'] === item.dataset['parent'])) this.#setOpen(sibling, true);
				break;
			default:
				return;
		}
		event.preventDefault();
	}

	#nodeOffsets(): { item: HTMLElement; start: number; end: number }[] {
		if (this.#offsets) return this.#offsets;
		const starts = lineStarts(this.context.code);
		this.#offsets = [];
		for (const item of this.#items) {
			const span = parseSpanAttribute(item.dataset['span']);
			const offsets = span && spanOffsets(this.context.code, span, starts);
			if (offsets) this.#offsets.push({ item, start: offsets[0], end: offsets[1] });
		}
		return this.#offsets;
	}

	/**
	 * The smallest node covering [start, end); for a caret (start = end), the smallest covering the character after
	 * it. On a tie (Expr and its Call share a span) the deeper node wins: it comes later in pre-order.
	 */
	#smallestCovering(start: number, end: number): HTMLElement | null {
		let best: { item: HTMLElement; size: number } | null = null;
		for (const node of this.#nodeOffsets()) {
			const covers = start === end ? node.start <= start && start < node.end : node.start <= start && end <= node.end;
			const size = node.end - node.start;
			if (covers && (!best || size <= best.size)) best = { item: node.item, size };
		}
		return best?.item ?? null;
	}

	/** Coalesce the burst of selectionchange events a drag makes into one lookup per frame. */
	#selectionChanged(): void {
		if (this.#pending) return;
		this.#pending = true;
		requestAnimationFrame(() => {
			this.#pending = false;
			this.#findSelection();
		});
	}

	#findSelection(): void {
		if (!this.#tree?.isConnected) return;
		const span = selectedSpan(this.#sourceView, this.context.code);
		const offsets = span && spanOffsets(this.context.code, span);
		if (!offsets) return;
		const item = this.#smallestCovering(offsets[0], offsets[1]);
		if (!item || item === this.#lastFound) return;
		this.#lastFound = item;
		for (let parent = this.#parentOf(item); parent; parent = this.#parentOf(parent)) this.#setOpen(parent, true);
		this.#select(item);
		scrollWithin(this.#tree, item);
		if (this.#status) this.#status.textContent = describeNode(item.dataset['nodeType'] ?? '', parseSpanAttribute(item.dataset['span']));
	}
}

const widget: Widget = {
	async update(context) {
		teardownOf.get(context.panel)?.abort();
		const teardown = new AbortController();
		teardownOf.set(context.panel, teardown);
		const data = await context.python.call<AstData>('lifecycle.syntax', 'ast_tree', [context.code]);
		new AstView(context, data, teardown.signal);
	},
};

export default widget;

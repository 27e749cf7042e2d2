/**
 * The bytecode explorer (`widget="bytecode"`): after a run, the bytecode of every code object the cell executed,
 * linked both ways to the source. Asks `lifecycle.bytecode` for the data, draws it with src/widgets/bytecode-explorer.ts
 * and wires the interaction: row focus/hover → source columns highlighted; source selection → matching rows marked
 * and counted aloud; jump buttons → their target rows; ? buttons → the opcode's explanation; the two toggles →
 * the listing asked again and redrawn.
 */
import '../../styles/widgets.css';
import '../../styles/widget-bytecode.css';
import {
	render,
	renderExplanation,
	renderListings,
	type CodeObject,
	type Explanation,
	type ViewOptions,
} from '../../widgets/bytecode-explorer';
import {
	highlightSpans,
	lineStarts,
	renderSource,
	selectedSpan,
	spanOffsets,
	type SourceSpan,
} from '../../widgets/source-view';
import type { Widget, WidgetContext } from './types';

const MODULE = 'lifecycle.bytecode';

/** Each cell keeps its toggles between runs. */
const optionsOf = new WeakMap<HTMLElement, ViewOptions>();
/** The listeners of a panel's previous drawing, removed when it is redrawn. */
const teardownOf = new WeakMap<HTMLElement, AbortController>();

function problem(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

async function explore(context: WidgetContext, options: ViewOptions): Promise<CodeObject[]> {
	return context.python.call<CodeObject[]>(MODULE, 'explore', [
		context.code,
		context.filename,
		options.adaptive,
		options.showCaches,
	]);
}

/** Whether two [start, end) character ranges share at least one character. */
function overlaps(a: [number, number], b: [number, number]): boolean {
	return a[0] < b[1] && b[0] < a[1];
}

class Explorer {
	#codes: CodeObject[];
	readonly #root: HTMLElement;
	readonly #sourceView: HTMLElement;
	readonly #status: HTMLElement;
	readonly #explainPanel: HTMLElement;
	readonly #starts: number[];

	constructor(
		readonly context: WidgetContext,
		codes: CodeObject[],
		readonly options: ViewOptions,
		signal: AbortSignal
	) {
		const document = context.panel.ownerDocument;
		this.#codes = codes;
		this.#starts = lineStarts(context.code);
		this.#sourceView = renderSource(context.code, {
			document,
			label: 'Source of the program; select text to find its instructions',
		});
		this.#root = render(codes, { document, options, source: this.#sourceView });
		this.#status = this.#root.querySelector<HTMLElement>('[data-bx-status]') as HTMLElement;
		this.#explainPanel = this.#root.querySelector<HTMLElement>('[data-bx-explain]') as HTMLElement;
		context.panel.replaceChildren(this.#root);
		this.#wire(signal);
	}

	#listings(): HTMLElement {
		return this.#root.querySelector<HTMLElement>('[data-bx-listings]') as HTMLElement;
	}

	#instructionOf(row: HTMLElement) {
		return this.#codes[Number(row.dataset['codeIndex'])]?.instructions[Number(row.dataset['index'])];
	}

	#wire(signal: AbortSignal): void {
		const root = this.#root;
		root.addEventListener('change', (event) => void this.#toggle(event), { signal });
		root.addEventListener(
			'focusin',
			(event) => {
				const row = (event.target as HTMLElement).closest<HTMLElement>('tr.bx-row');
				if (row) this.#focusRow(row);
			},
			{ signal }
		);
		root.addEventListener(
			'mouseover',
			(event) => {
				const row = (event.target as HTMLElement).closest<HTMLElement>('tr.bx-row');
				if (row) this.#highlightRow(row);
			},
			{ signal }
		);
		root.addEventListener(
			'mouseleave',
			() => {
				const focused = root.ownerDocument.activeElement?.closest<HTMLElement>('tr.bx-row');
				if (focused) this.#highlightRow(focused);
				else highlightSpans(this.#sourceView, this.context.code, 'widget-focus', []);
			},
			{ signal }
		);
		root.addEventListener('keydown', (event) => this.#keydown(event), { signal });
		root.addEventListener('click', (event) => void this.#click(event), { signal });
		// Selecting source text: mouse, keyboard, or any other way the selection changes inside the view.
		const onSelection = () => this.#selectionChanged();
		this.#sourceView.addEventListener('mouseup', onSelection, { signal });
		this.#sourceView.addEventListener('keyup', onSelection, { signal });
		root.ownerDocument.addEventListener('selectionchange', onSelection, { signal });
	}

	#highlightRow(row: HTMLElement): void {
		const span = this.#instructionOf(row)?.positions;
		highlightSpans(this.#sourceView, this.context.code, 'widget-focus', span ? [span] : []);
		if (span) this.#reveal(span);
	}

	/** Scroll the source view (its outer box is the scroller) so the highlighted columns are visible. */
	#reveal(span: SourceSpan): void {
		const offsets = spanOffsets(this.context.code, span, this.#starts);
		const text = this.#sourceView.querySelector('[data-source-view] code')?.firstChild;
		if (!offsets || !text) return;
		const range = this.#sourceView.ownerDocument.createRange();
		range.setStart(text, offsets[0]);
		range.setEnd(text, offsets[1]);
		const at = range.getBoundingClientRect();
		const box = this.#sourceView.getBoundingClientRect();
		if (at.top < box.top || at.bottom > box.bottom)
			this.#sourceView.scrollTop += at.top - box.top - box.height / 3;
	}

	/** Roving tabindex: the focused row is its table's one tab stop. */
	#focusRow(row: HTMLElement): void {
		const body = row.parentElement;
		body?.querySelectorAll<HTMLElement>('tr.bx-row[tabindex="0"]').forEach((other) => {
			if (other !== row) other.tabIndex = -1;
		});
		row.tabIndex = 0;
		this.#highlightRow(row);
	}

	#moveTo(row: HTMLElement | null | undefined): void {
		if (!row) return;
		row.focus();
		row.scrollIntoView({ block: 'nearest', inline: 'nearest' });
	}

	#keydown(event: KeyboardEvent): void {
		const target = event.target as HTMLElement;
		const row = target.closest<HTMLElement>('tr.bx-row');
		if (!row) return;
		const rows = [...(row.parentElement?.querySelectorAll<HTMLElement>('tr.bx-row') ?? [])];
		const index = rows.indexOf(row);
		const buttons = [...row.querySelectorAll<HTMLElement>('button')];
		const onRow = target === row;
		let handled = true;
		switch (event.key) {
			case 'ArrowDown':
				this.#moveTo(rows[index + 1]);
				break;
			case 'ArrowUp':
				this.#moveTo(rows[index - 1]);
				break;
			case 'Home':
				this.#moveTo(rows[0]);
				break;
			case 'End':
				this.#moveTo(rows[rows.length - 1]);
				break;
			case 'PageDown':
				this.#moveTo(rows[Math.min(index + 10, rows.length - 1)]);
				break;
			case 'PageUp':
				this.#moveTo(rows[Math.max(index - 10, 0)]);
				break;
			case 'ArrowRight': {
				const next = onRow ? buttons[0] : buttons[buttons.indexOf(target) + 1];
				next?.focus();
				break;
			}
			case 'ArrowLeft': {
				const previous = buttons[buttons.indexOf(target) - 1];
				if (onRow) handled = false;
				else (previous ?? row).focus();
				break;
			}
			case 'Enter':
			case ' ':
				if (onRow) void this.#explain(row.querySelector<HTMLElement>('button.bx-explain'));
				else handled = false; // a button's own activation
				break;
			case 'Escape':
				if (!onRow) row.focus();
				else handled = false;
				break;
			default:
				handled = false;
		}
		if (handled) event.preventDefault();
	}

	async #click(event: MouseEvent): Promise<void> {
		const button = (event.target as HTMLElement).closest<HTMLElement>('button');
		if (!button) return;
		if (button.classList.contains('bx-pick')) {
			const section = this.#root.querySelector<HTMLElement>(
				`section.bx-code[data-code-index="${button.dataset['pick']}"]`
			);
			const scroller = section?.parentElement;
			if (section && scroller)
				scroller.scrollTop +=
					section.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
			section
				?.querySelector<HTMLElement>('tr.bx-row[tabindex="0"]')
				?.focus({ preventScroll: true });
		} else if (button.classList.contains('bx-jump')) {
			const section = button.closest('section');
			const target = section?.querySelector<HTMLElement>(
				`tr.bx-row[data-offset="${button.dataset['jumpTo']}"]:not(.bx-cache)`
			);
			this.#moveTo(target);
		} else if (button.classList.contains('bx-explain')) {
			await this.#explain(button);
		}
	}

	async #explain(button: HTMLElement | null): Promise<void> {
		if (!button) return;
		const opname = button.dataset['explain'] ?? '';
		const arg = button.dataset['arg'] ? Number(button.dataset['arg']) : null;
		const document = this.#root.ownerDocument;
		try {
			const explanation = await this.context.python.call<Explanation>(MODULE, 'explain', [
				opname,
				arg,
			]);
			this.#explainPanel.replaceChildren(renderExplanation(explanation, { document }));
		} catch (error) {
			this.#explainPanel.replaceChildren(
				problem(
					document,
					`No explanation: ${error instanceof Error ? error.message : String(error)}`
				)
			);
		}
		const box = this.#explainPanel.getBoundingClientRect();
		const view = document.defaultView;
		if (view && (box.bottom > view.innerHeight || box.top < 0))
			this.#explainPanel.scrollIntoView({ block: 'nearest' });
	}

	async #toggle(event: Event): Promise<void> {
		const input = event.target as HTMLInputElement;
		const option = input.dataset['option'];
		if (option === 'adaptive') this.options.adaptive = input.checked;
		else if (option === 'caches') this.options.showCaches = input.checked;
		else return;
		const listings = this.#listings();
		listings.setAttribute('aria-busy', 'true');
		try {
			this.#codes = await explore(this.context, this.options);
			listings.replaceWith(renderListings(this.#codes, { document: this.#root.ownerDocument }));
			this.#status.textContent = `Listing redrawn: ${this.options.adaptive ? 'specialized' : 'original'} instructions${this.options.showCaches ? ', with inline caches' : ''}.`;
		} catch (error) {
			listings.removeAttribute('aria-busy');
			this.#status.textContent = `Could not redraw: ${error instanceof Error ? error.message : String(error)}`;
		}
	}

	#selectionChanged(): void {
		if (!this.#root.isConnected) return;
		const span = selectedSpan(this.#sourceView, this.context.code);
		const offsets = span ? spanOffsets(this.context.code, span, this.#starts) : null;
		const listings = this.#listings();
		const previous = listings.querySelectorAll<HTMLElement>('tr[data-related]');
		if (!offsets || offsets[0] === offsets[1]) {
			if (previous.length === 0) return;
			previous.forEach((row) => this.#unrelate(row));
			this.#status.textContent = 'Selection cleared.';
			return;
		}
		const related: HTMLElement[] = [];
		// The first row made from inside the selection, to scroll to: rows of an enclosing statement (a def's
		// MAKE_FUNCTION spans the whole function) overlap too, but they are not what the learner pointed at.
		let inside: HTMLElement | undefined;
		listings.querySelectorAll<HTMLElement>('tr.bx-row').forEach((row) => {
			const positions: SourceSpan | null | undefined = this.#instructionOf(row)?.positions;
			const rowOffsets = positions ? spanOffsets(this.context.code, positions, this.#starts) : null;
			const match =
				rowOffsets !== null &&
				!row.classList.contains('bx-cache') &&
				overlaps(
					offsets,
					rowOffsets[0] === rowOffsets[1] ? [rowOffsets[0], rowOffsets[0] + 1] : rowOffsets
				);
			if (match) {
				row.classList.add('bx-related');
				row.dataset['related'] = 'true';
				related.push(row);
				if (!inside && rowOffsets && offsets[0] <= rowOffsets[0] && rowOffsets[1] <= offsets[1])
					inside = row;
			} else this.#unrelate(row);
		});
		const text = this.context.code.slice(offsets[0], offsets[1]);
		const quoted = text.length > 40 ? `${text.slice(0, 40)}…` : text;
		const message = `${related.length} instruction${related.length === 1 ? '' : 's'} for the selected source “${quoted}”.`;
		if (this.#status.textContent !== message) this.#status.textContent = message;
		const first = inside ?? related[0];
		const scroller = listings.querySelector<HTMLElement>('.bx-listings');
		if (first && scroller) this.#scrollIntoListing(first, scroller);
	}

	#unrelate(row: HTMLElement): void {
		row.classList.remove('bx-related');
		delete row.dataset['related'];
	}

	/** Bring a row into view inside the listing's own scroll area without moving the page. */
	#scrollIntoListing(row: HTMLElement, listings: HTMLElement): void {
		const box = listings.getBoundingClientRect();
		const at = row.getBoundingClientRect();
		if (at.top < box.top || at.bottom > box.bottom)
			listings.scrollTop += at.top - box.top - box.height / 4;
	}
}

const bytecode: Widget = {
	async update(context) {
		teardownOf.get(context.panel)?.abort();
		const teardown = new AbortController();
		teardownOf.set(context.panel, teardown);
		const options = optionsOf.get(context.cell) ?? { adaptive: false, showCaches: false };
		optionsOf.set(context.cell, options);
		let codes: CodeObject[];
		try {
			codes = await explore(context, options);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			const text = /SyntaxError|IndentationError/.test(message)
				? 'The code did not compile, so it has no bytecode yet: fix the error and run it again.'
				: `The bytecode could not be read: ${message}`;
			context.panel.replaceChildren(problem(context.panel.ownerDocument, text));
			return;
		}
		new Explorer(context, codes, options, teardown.signal);
	},
};

export default bytecode;

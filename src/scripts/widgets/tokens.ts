/**
 * The token stream (`widget="tokens"`): after a run, the tokens of the code that ran, drawn by
 * src/widgets/token-stream.ts. Focusing or pointing at a token highlights its characters in the source view;
 * arrow keys move through the stream (one tab stop, as a listbox). Tokenize errors are drawn too: the tokens
 * read so far and the position where it stopped, marked in the source.
 */
import '../../styles/widgets.css';
import '../../styles/widget-syntax.css';
import { highlightSpans } from '../../widgets/source-view';
import { describeToken, parseSpanAttribute, render, type TokensData } from '../../widgets/token-stream';
import type { Widget, WidgetContext } from './types';

/** The listeners of a panel's previous drawing, removed when it is redrawn. */
const teardownOf = new WeakMap<HTMLElement, AbortController>();

const TOKEN = '.tok[role="option"]';

class TokenStream {
	readonly #root: HTMLElement;
	readonly #sourceView: HTMLElement;
	readonly #detail: HTMLElement;
	readonly #tokens: TokensData['tokens'];

	constructor(
		readonly context: WidgetContext,
		data: TokensData,
		signal: AbortSignal
	) {
		const document = context.panel.ownerDocument;
		this.#tokens = data.tokens;
		this.#root = render(data, { document, source: context.code });
		this.#sourceView = this.#root.querySelector<HTMLElement>('.source-view') as HTMLElement;
		this.#detail = this.#root.querySelector<HTMLElement>('[data-token-detail]') as HTMLElement;
		context.panel.replaceChildren(this.#root);
		highlightSpans(this.#sourceView, context.code, 'widget-related', data.error?.span ? [data.error.span] : []);
		this.#wire(signal);
	}

	#wire(signal: AbortSignal): void {
		const root = this.#root;
		root.addEventListener(
			'focusin',
			(event) => {
				const token = (event.target as HTMLElement).closest<HTMLElement>(TOKEN);
				if (token) this.#select(token);
			},
			{ signal }
		);
		root.addEventListener(
			'mouseover',
			(event) => {
				const token = (event.target as HTMLElement).closest<HTMLElement>(TOKEN);
				if (token) this.#show(token);
			},
			{ signal }
		);
		root.addEventListener(
			'mouseleave',
			() => {
				const focused = root.ownerDocument.activeElement?.closest<HTMLElement>(TOKEN);
				if (focused && root.contains(focused)) this.#show(focused);
				else highlightSpans(this.#sourceView, this.context.code, 'widget-focus', []);
			},
			{ signal }
		);
		root.addEventListener('click', (event) => (event.target as HTMLElement).closest<HTMLElement>(TOKEN)?.focus(), { signal });
		root.addEventListener('keydown', (event) => this.#keydown(event), { signal });
	}

	/** Highlight a token's characters and describe it under the stream. */
	#show(token: HTMLElement): void {
		const span = parseSpanAttribute(token.dataset['span']);
		highlightSpans(this.#sourceView, this.context.code, 'widget-focus', span ? [span] : []);
		const data = this.#tokens[Number(token.dataset['index'])];
		if (data) this.#detail.textContent = describeToken(data);
	}

	/** Roving tabindex with selection following focus. */
	#select(token: HTMLElement): void {
		for (const other of this.#root.querySelectorAll<HTMLElement>(`${TOKEN}[aria-selected="true"], ${TOKEN}[tabindex="0"]`)) {
			if (other === token) continue;
			other.setAttribute('aria-selected', 'false');
			other.tabIndex = -1;
		}
		token.setAttribute('aria-selected', 'true');
		token.tabIndex = 0;
		this.#show(token);
	}

	#keydown(event: KeyboardEvent): void {
		const token = (event.target as HTMLElement).closest<HTMLElement>(TOKEN);
		if (!token) return;
		const all = [...this.#root.querySelectorAll<HTMLElement>(TOKEN)];
		const index = all.indexOf(token);
		const moves: Record<string, number> = {
			ArrowRight: index + 1,
			ArrowDown: index + 1,
			ArrowLeft: index - 1,
			ArrowUp: index - 1,
			Home: 0,
			End: all.length - 1,
			PageDown: Math.min(index + 10, all.length - 1),
			PageUp: Math.max(index - 10, 0),
		};
		const target = moves[event.key];
		if (target === undefined) return;
		event.preventDefault();
		const next = all[target];
		if (!next) return;
		next.focus();
		next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
	}
}

const widget: Widget = {
	async update(context) {
		teardownOf.get(context.panel)?.abort();
		const teardown = new AbortController();
		teardownOf.set(context.panel, teardown);
		const data = await context.python.call<TokensData>('lifecycle.syntax', 'tokens', [context.code]);
		new TokenStream(context, data, teardown.signal);
	},
};

export default widget;

/**
 * The header's search box. The box is hidden in the HTML and shown here, so a page without JavaScript has no
 * dead control. Pagefind's own script (pagefind/pagefind.js, its worker, wasm and index, all built with the
 * site) loads only when the learner focuses or types in the box, so it costs nothing before that.
 * Keyboard: type to search; ↓ moves into the results and ↑/↓ between them; Escape closes them and returns to
 * the box. A polite live region says how many results there are.
 */
import { renderHits, resultCountText, toSearchHits, type PagefindResultData } from './search-results';

/** The part of Pagefind's browser API used here (pagefind.js has no types of its own). */
interface Pagefind {
	options(options: { baseUrl?: string; excerptLength?: number }): Promise<void>;
	init(): Promise<void>;
	debouncedSearch(
		term: string,
		options?: object,
		debounceMs?: number
	): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

/** Pages listed at most (the course has about twenty; a longer list helps nobody in a drop-down). */
const MAX_PAGES = 8;
const DEBOUNCE_MS = 120;

let pagefindPromise: Promise<Pagefind> | undefined;

/** Load Pagefind once, from this site (never a CDN). */
function loadPagefind(): Promise<Pagefind> {
	pagefindPromise ??= (async () => {
		const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
		// A runtime URL: the bundle is written after Astro's build, so Vite must not try to resolve it.
		const pagefind = (await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)) as Pagefind;
		await pagefind.options({ baseUrl: base, excerptLength: 18 });
		await pagefind.init();
		return pagefind;
	})();
	pagefindPromise.catch(() => (pagefindPromise = undefined));
	return pagefindPromise;
}

function setupSearch(root: HTMLElement): void {
	const input = root.querySelector<HTMLInputElement>('[data-search-input]');
	const panel = root.querySelector<HTMLElement>('[data-search-panel]');
	const status = root.querySelector<HTMLElement>('[data-search-status]');
	const list = root.querySelector<HTMLUListElement>('[data-search-results]');
	if (!input || !panel || !status || !list) return;
	let latest = 0;

	const links = () => [...list.querySelectorAll<HTMLAnchorElement>('a')];
	const close = () => {
		latest++; // a search still under way must not reopen the panel
		root.dataset['open'] = 'false';
		list.replaceChildren();
		status.textContent = '';
	};
	const open = () => {
		root.dataset['open'] = 'true';
	};

	async function search(): Promise<void> {
		const query = input!.value.trim();
		const ticket = ++latest;
		if (query === '') {
			close();
			return;
		}
		open();
		let pagefind: Pagefind;
		try {
			pagefind = await loadPagefind();
		} catch {
			if (ticket !== latest) return;
			list!.replaceChildren();
			status!.textContent = 'Search is not available: its index is built with the site (npm run build).';
			return;
		}
		const found = await pagefind.debouncedSearch(query, {}, DEBOUNCE_MS);
		if (found === null || ticket !== latest) return; // a newer query took over
		const data = await Promise.all(found.results.slice(0, MAX_PAGES).map((result) => result.data()));
		if (ticket !== latest) return;
		list!.replaceChildren(...renderHits(toSearchHits(data), { document }));
		status!.textContent = resultCountText(found.results.length, query);
	}

	function moveFocus(step: 1 | -1): void {
		const all = links();
		const at = all.indexOf(document.activeElement as HTMLAnchorElement);
		const next = at + step;
		if (next < 0) input!.focus();
		else all[Math.min(next, all.length - 1)]?.focus();
	}

	input.addEventListener('focus', () => {
		void loadPagefind().catch(() => undefined); // warm up while the learner types
		if (input.value.trim() !== '' && root.dataset['open'] !== 'true') void search();
	});
	input.addEventListener('input', () => void search());
	root.addEventListener('keydown', (event) => {
		if (event.key === 'Escape' && root.dataset['open'] === 'true') {
			event.preventDefault(); // keep the query: Escape closes the results, a second Escape clears the box
			close();
			input.focus();
		} else if (event.key === 'ArrowDown' && root.dataset['open'] === 'true' && links().length > 0) {
			event.preventDefault();
			moveFocus(1);
		} else if (event.key === 'ArrowUp' && event.target !== input && root.dataset['open'] === 'true') {
			event.preventDefault();
			moveFocus(-1);
		}
	});
	// Leaving the search (Tab past the results, a click elsewhere) closes it.
	root.addEventListener('focusout', (event) => {
		const to = event.relatedTarget;
		if (!(to instanceof Node) || !root.contains(to)) close();
	});
	root.hidden = false;
}

for (const root of document.querySelectorAll<HTMLElement>('[data-search]')) setupSearch(root);

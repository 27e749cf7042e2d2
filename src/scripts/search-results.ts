/**
 * Pure search logic: turns what Pagefind returns into the links the search box shows, and builds their DOM.
 * No Pagefind import here, so it is unit-tested with plain data (and jsdom for the DOM).
 */

/** One section of a page that matched: Pagefind gives one per heading with an id (plus the page's top). */
export interface PagefindSubResult {
	title: string;
	url: string;
	excerpt: string;
	anchor?: { element: string; id: string; text?: string };
	locations?: number[];
	weighted_locations?: { weight: number; balanced_score: number; location: number }[];
}

/** The part of a Pagefind result's `data()` this module reads. */
export interface PagefindResultData {
	url: string;
	excerpt: string;
	meta: { title?: string };
	sub_results?: PagefindSubResult[];
}

/** A run of excerpt text, marked when it is what matched the query. */
export interface ExcerptPart {
	text: string;
	marked: boolean;
}

export interface SearchLink {
	title: string;
	url: string;
	excerpt: ExcerptPart[];
}

/** A page that matched, with the sections that matched best (each linking straight to its heading). */
export interface SearchHit {
	page: SearchLink;
	sections: SearchLink[];
}

/** Sections listed under a page: enough to lead to the right place, few enough to fit a phone. */
export const SECTIONS_PER_PAGE = 3;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };

function decodeEntities(text: string): string {
	return text.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/**
 * Pagefind's excerpts are HTML: escaped text with `<mark>` around the matched words. Split them into plain text
 * runs, so the page builds them from text nodes and never parses indexed content as HTML.
 */
export function excerptParts(excerpt: string): ExcerptPart[] {
	const parts: ExcerptPart[] = [];
	let marked = false;
	for (const piece of excerpt.split(/(<\/?mark>)/)) {
		if (piece === '<mark>') marked = true;
		else if (piece === '</mark>') marked = false;
		else if (piece !== '') {
			const text = decodeEntities(piece.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ');
			const last = parts.at(-1);
			if (last && last.marked === marked) last.text += text;
			else if (text !== '') parts.push({ text, marked });
		}
	}
	return parts;
}

/** How strongly a section matched: Pagefind's weighted scores, else its number of hits. */
function sectionScore(section: PagefindSubResult): number {
	const weighted = section.weighted_locations ?? [];
	if (weighted.length > 0) return weighted.reduce((sum, location) => sum + location.balanced_score, 0);
	return section.locations?.length ?? 0;
}

/**
 * One hit per page, in Pagefind's order (best first). Its sections are those with a heading anchor (the page's
 * top is the page link itself), the best `sectionsPerPage` of them, shown in the order they appear on the page.
 */
export function toSearchHits(results: readonly PagefindResultData[], sectionsPerPage = SECTIONS_PER_PAGE): SearchHit[] {
	return results.map((result) => {
		const anchored = (result.sub_results ?? [])
			.map((section, position) => ({ section, position, score: sectionScore(section) }))
			.filter(({ section }) => section.anchor?.id && section.url.includes('#'));
		const best = [...anchored]
			.sort((a, b) => b.score - a.score || a.position - b.position)
			.slice(0, sectionsPerPage)
			.sort((a, b) => a.position - b.position);
		return {
			page: { title: result.meta.title ?? result.url, url: result.url, excerpt: excerptParts(result.excerpt) },
			sections: best.map(({ section }) => ({
				title: section.title,
				url: section.url,
				excerpt: excerptParts(section.excerpt),
			})),
		};
	});
}

/** The live region's text: how many pages matched. */
export function resultCountText(count: number, query: string): string {
	const term = query.trim();
	if (count === 0) return `No results for “${term}”`;
	return `${count} ${count === 1 ? 'result' : 'results'} for “${term}”`;
}

function excerptElement(parts: readonly ExcerptPart[], className: string, doc: Document): HTMLElement {
	const p = doc.createElement('p');
	p.className = className;
	for (const part of parts) {
		if (part.marked) {
			const mark = doc.createElement('mark');
			mark.textContent = part.text;
			p.append(mark);
		} else {
			p.append(doc.createTextNode(part.text));
		}
	}
	return p;
}

function linkElement(link: SearchLink, className: string, doc: Document): HTMLAnchorElement {
	const a = doc.createElement('a');
	a.className = className;
	a.href = link.url;
	a.textContent = link.title;
	return a;
}

/**
 * The results as list items: each page's title links to the page, with its excerpt, then a nested list of its
 * best sections, each linking to its heading. Link text is the title only, so a screen reader moving through
 * the links hears short names; the excerpts follow as text.
 */
export function renderHits(hits: readonly SearchHit[], { document: doc }: { document: Document }): HTMLLIElement[] {
	return hits.map((hit) => {
		const item = doc.createElement('li');
		item.className = 'search-hit';
		item.append(linkElement(hit.page, 'search-page', doc));
		if (hit.page.excerpt.length > 0) item.append(excerptElement(hit.page.excerpt, 'search-excerpt', doc));
		if (hit.sections.length > 0) {
			const list = doc.createElement('ul');
			list.className = 'search-sections';
			list.setAttribute('aria-label', `Sections of ${hit.page.title}`);
			for (const section of hit.sections) {
				const li = doc.createElement('li');
				li.append(linkElement(section, 'search-section', doc));
				if (section.excerpt.length > 0) li.append(excerptElement(section.excerpt, 'search-excerpt', doc));
				list.append(li);
			}
			item.append(list);
		}
		return item;
	});
}

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { excerptParts, renderHits, resultCountText, toSearchHits, type PagefindResultData } from './search-results';

/** Shaped like Pagefind 1.6's `result.data()` for "pycache" on this site (trimmed). */
const PYCACHE: PagefindResultData = {
	url: '/lessons/pycache/',
	excerpt: 'Bytecode caching: <mark>__pycache__</mark> and .pyc files. Take a .pyc file apart',
	meta: { title: 'Bytecode caching: __pycache__ and .pyc files' },
	sub_results: [
		{ title: 'Bytecode caching: __pycache__ and .pyc files', url: '/lessons/pycache/', excerpt: 'top <mark>__pycache__</mark>', locations: [3] },
		{
			title: 'What you will learn',
			url: '/lessons/pycache/#objectives',
			excerpt: 'stored in <mark>__pycache__</mark>',
			anchor: { element: 'h2', id: 'objectives' },
			weighted_locations: [{ weight: 1, balanced_score: 100, location: 40 }],
		},
		{
			title: 'Where the cache goes',
			url: '/lessons/pycache/#where-the-cache-goes',
			excerpt: 'lives in a <mark>__pycache__</mark> folder &amp; more',
			anchor: { element: 'h2', id: 'where-the-cache-goes' },
			weighted_locations: [
				{ weight: 1, balanced_score: 500, location: 410 },
				{ weight: 1, balanced_score: 500, location: 420 },
			],
		},
		{
			title: 'Writing a .pyc',
			url: '/lessons/pycache/#writing-a-pyc',
			excerpt: 'x',
			anchor: { element: 'h2', id: 'writing-a-pyc' },
			weighted_locations: [{ weight: 1, balanced_score: 50, location: 600 }],
		},
		{
			title: 'Building caches ahead of time',
			url: '/lessons/pycache/#building-caches',
			excerpt: 'y',
			anchor: { element: 'h3', id: 'building-caches' },
			weighted_locations: [{ weight: 1, balanced_score: 700, location: 900 }],
		},
	],
};

describe('excerptParts', () => {
	it('splits marked and plain text, and decodes entities into text', () => {
		expect(excerptParts('a <mark>__pycache__</mark> &lt;module&gt; &amp; <mark>b</mark>')).toEqual([
			{ text: 'a ', marked: false },
			{ text: '__pycache__', marked: true },
			{ text: ' <module> & ', marked: false },
			{ text: 'b', marked: true },
		]);
	});

	it('drops any other tag and collapses whitespace', () => {
		expect(excerptParts('x <b>bold</b>\n\n  y')).toEqual([{ text: 'x bold y', marked: false }]);
		expect(excerptParts('')).toEqual([]);
	});
});

describe('toSearchHits', () => {
	it('links the page by its title and its best anchored sections, in page order', () => {
		const [hit] = toSearchHits([PYCACHE]);
		expect(hit?.page.title).toBe('Bytecode caching: __pycache__ and .pyc files');
		expect(hit?.page.url).toBe('/lessons/pycache/');
		// The page top (no anchor) is the page link itself; of four sections the three best are kept, and
		// "Writing a .pyc" (score 50) is dropped.
		expect(hit?.sections.map((s) => s.url)).toEqual([
			'/lessons/pycache/#objectives',
			'/lessons/pycache/#where-the-cache-goes',
			'/lessons/pycache/#building-caches',
		]);
		expect(hit?.sections[1]?.excerpt).toEqual([
			{ text: 'lives in a ', marked: false },
			{ text: '__pycache__', marked: true },
			{ text: ' folder & more', marked: false },
		]);
	});

	it('keeps Pagefind’s order of pages and falls back to the URL without a title', () => {
		const hits = toSearchHits([{ url: '/techniques/', excerpt: '', meta: {} }, PYCACHE], 1);
		expect(hits.map((h) => h.page.title)).toEqual(['/techniques/', 'Bytecode caching: __pycache__ and .pyc files']);
		expect(hits[0]?.sections).toEqual([]);
		// Two hits of 500 outscore one of 700.
		expect(hits[1]?.sections.map((s) => s.title)).toEqual(['Where the cache goes']);
	});
});

describe('resultCountText', () => {
	it('counts results for the query', () => {
		expect(resultCountText(5, ' GIL ')).toBe('5 results for “GIL”');
		expect(resultCountText(1, 'pycache')).toBe('1 result for “pycache”');
		expect(resultCountText(0, 'zzz')).toBe('No results for “zzz”');
	});
});

describe('renderHits', () => {
	it('builds a list item per page with links to the page and its sections, text only', () => {
		const hostile: PagefindResultData = {
			url: '/lessons/x/',
			excerpt: '&lt;img src=x onerror=alert(1)&gt; <mark>hit</mark>',
			meta: { title: '<b>not bold</b>' },
		};
		const items = renderHits(toSearchHits([PYCACHE, hostile]), { document });
		expect(items).toHaveLength(2);
		const [first, second] = items;
		const links = [...(first?.querySelectorAll('a') ?? [])].map((a) => [a.textContent, a.getAttribute('href')]);
		expect(links).toEqual([
			['Bytecode caching: __pycache__ and .pyc files', '/lessons/pycache/'],
			['What you will learn', '/lessons/pycache/#objectives'],
			['Where the cache goes', '/lessons/pycache/#where-the-cache-goes'],
			['Building caches ahead of time', '/lessons/pycache/#building-caches'],
		]);
		expect(first?.querySelector('.search-sections')?.getAttribute('aria-label')).toBe(
			'Sections of Bytecode caching: __pycache__ and .pyc files'
		);
		expect(first?.querySelector('.search-excerpt mark')?.textContent).toBe('__pycache__');
		// Indexed text is never parsed as HTML.
		expect(second?.querySelector('img, b')).toBeNull();
		expect(second?.querySelector('a')?.textContent).toBe('<b>not bold</b>');
		expect(second?.querySelector('.search-excerpt')?.textContent).toBe('<img src=x onerror=alert(1)> hit');
		expect(second?.querySelector('.search-sections')).toBeNull();
		expect(second?.outerHTML).toMatchInlineSnapshot(`"<li class="search-hit"><a class="search-page" href="/lessons/x/">&lt;b&gt;not bold&lt;/b&gt;</a><p class="search-excerpt">&lt;img src=x onerror=alert(1)&gt; <mark>hit</mark></p></li>"`);
	});
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { meetsGoals, offSiteRequests, summarizeLhr } from './lighthouse-summary.mjs';

/**
 * A real Lighthouse 12.8.2 result (mobile, the first lesson, served by `astro preview`), trimmed to the fields the
 * summary reads: categories with their audit references, and each audit's id, title, score, mode, value; the
 * network-requests audit keeps only the URLs; audits that were not applicable are left out.
 */
type Lhr = Parameters<typeof summarizeLhr>[0];
const fixture = (): Lhr =>
	JSON.parse(readFileSync(new URL('../../tests/fixtures/lighthouse-lhr.json', import.meta.url), 'utf8'));

describe('summarizeLhr on a real result', () => {
	const summary = summarizeLhr(fixture());

	it('gives the four category scores out of 100, and what was run', () => {
		expect(summary.scores).toEqual({ performance: 99, accessibility: 100, 'best-practices': 100, seo: 100 });
		expect(summary).toMatchObject({
			url: 'http://127.0.0.1:4411/lessons/journey/',
			formFactor: 'mobile',
			throttling: 'simulate',
			lighthouseVersion: '12.8.2',
			runtimeError: null,
		});
		expect(meetsGoals(summary)).toBe(true);
	});

	it('lists the audits that lost points in the category under 100, not the metrics nor informative audits', () => {
		const lhr = fixture();
		// The metrics themselves scored under 1 in this run: they are shown as metrics, not as failing audits.
		expect(lhr.audits['first-contentful-paint']?.score).toBeLessThan(1);
		expect(summary.failing.performance.map((audit) => audit.id)).toEqual([
			'network-dependency-tree-insight',
			'render-blocking-insight',
			'render-blocking-resources',
			'dom-size',
			'bf-cache',
		]);
		expect(summary.failing.performance).toContainEqual({
			id: 'dom-size',
			title: 'Avoid an excessive DOM size',
			score: 0.5,
			weight: 0,
			displayValue: '2,304 elements',
		});
		expect(summary.failing.accessibility).toEqual([]);
		expect(summary.failing.seo).toEqual([]);
	});

	it('reports the main metrics with their values', () => {
		expect(summary.metrics['largest-contentful-paint']).toEqual({
			title: 'Largest Contentful Paint',
			displayValue: '1.6\u00a0s', // Lighthouse puts a no-break space before the unit
			numericValue: expect.closeTo(1565.2, 0),
		});
		expect(summary.metrics['total-blocking-time']?.numericValue).toBe(0);
		expect(Object.keys(summary.metrics)).toHaveLength(5);
	});
});

describe('summarizeLhr on changed copies of the real result', () => {
	it('names a failed accessibility audit, heaviest first, and misses the goal', () => {
		const lhr = fixture();
		lhr.categories['accessibility']!.score = 0.9;
		lhr.audits['heading-order']!.score = 0; // weight 3, listed before html-has-lang in the category
		lhr.audits['html-has-lang']!.score = 0; // weight 7
		// A manual audit never counts, whatever its score says.
		lhr.audits['focusable-controls']!.score = 0;
		const summary = summarizeLhr(lhr);
		expect(summary.scores.accessibility).toBe(90);
		expect(summary.failing.accessibility.map((audit) => [audit.id, audit.weight])).toEqual([
			['html-has-lang', 7],
			['heading-order', 3],
		]);
		expect(meetsGoals(summary)).toBe(false);
	});

	it('keeps a category Lighthouse could not score as null, with the error, and misses the goal', () => {
		const lhr = fixture();
		lhr.categories['performance']!.score = null;
		lhr.runtimeError = { code: 'NO_NAVSTART', message: 'Something went wrong with recording the trace' };
		const summary = summarizeLhr(lhr);
		expect(summary.scores.performance).toBeNull();
		expect(summary.runtimeError).toBe('NO_NAVSTART: Something went wrong with recording the trace');
		expect(meetsGoals(summary)).toBe(false);
	});

	it('misses the goal at 94 for performance and meets it at 95', () => {
		const lhr = fixture();
		lhr.categories['performance']!.score = 0.94;
		expect(meetsGoals(summarizeLhr(lhr))).toBe(false);
		lhr.categories['performance']!.score = 0.95;
		expect(meetsGoals(summarizeLhr(lhr))).toBe(true);
	});
});

describe('offSiteRequests', () => {
	it('finds no request leaving the site in the real run', () => {
		const lhr = fixture();
		expect(lhr.audits['network-requests']?.details?.items?.length).toBeGreaterThan(5);
		expect(offSiteRequests(lhr, 'http://127.0.0.1:4411')).toEqual([]);
	});

	it('lists a request to another origin, but not data: or blob: URLs', () => {
		const lhr = fixture();
		lhr.audits['network-requests']!.details!.items!.push(
			{ url: 'https://other-origin.example/pyodide.js' },
			{ url: 'data:image/png;base64,AAAA' },
			{ url: 'blob:http://127.0.0.1:4411/1234' }
		);
		expect(offSiteRequests(lhr, 'http://127.0.0.1:4411')).toEqual(['https://other-origin.example/pyodide.js']);
	});
});

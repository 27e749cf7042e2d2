// @ts-check
/**
 * Turns one Lighthouse result (the "lhr" JSON) into what the course's Lighthouse script and bench print: the four
 * category scores out of 100, and for every category under 100 the audits that cost it points. Pure, no Lighthouse
 * import, so it is unit-tested on a trimmed real result (tests/fixtures/lighthouse-lhr.json).
 */

/** The categories of issue 6's goal, in the order they are printed. */
export const CATEGORIES = /** @type {const} */ (['performance', 'accessibility', 'best-practices', 'seo']);

/** The goal of issue 6: 100 everywhere except performance, which needs 95. */
export const GOALS = /** @type {const} */ ({ performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 });

/** The metrics worth printing beside the performance score, by audit id. */
export const METRICS = /** @type {const} */ ([
	'first-contentful-paint',
	'largest-contentful-paint',
	'total-blocking-time',
	'cumulative-layout-shift',
	'speed-index',
]);

/**
 * @typedef {typeof CATEGORIES[number]} Category
 * @typedef {{ id: string, title: string, score: number | null, scoreDisplayMode?: string, displayValue?: string,
 *   numericValue?: number, details?: { type?: string, items?: unknown[] } }} Audit
 * @typedef {{ score: number | null, auditRefs: { id: string, weight: number, group?: string }[] }} LhrCategory
 * @typedef {{ requestedUrl?: string, finalDisplayedUrl?: string, lighthouseVersion?: string,
 *   configSettings?: { formFactor?: string, throttlingMethod?: string },
 *   categories: Record<string, LhrCategory>, audits: Record<string, Audit>, runtimeError?: { code: string, message: string } }} Lhr
 * @typedef {{ id: string, title: string, score: number | null, weight: number, displayValue?: string }} FailingAudit
 * @typedef {{ url: string, formFactor: string, throttling: string, lighthouseVersion: string,
 *   scores: Record<Category, number | null>, failing: Record<Category, FailingAudit[]>,
 *   metrics: Record<string, { title: string, displayValue: string, numericValue: number | null }>,
 *   runtimeError: string | null }} Summary
 */

/**
 * Whether an audit lost points. Audits that are informative, manual, not applicable or errored carry no score and
 * cannot lower a category; a binary audit fails at 0, a numeric one (performance metrics, opportunities) below 1.
 * @param {Audit} audit
 */
export function auditLostPoints(audit) {
	const mode = audit.scoreDisplayMode;
	if (mode === 'informative' || mode === 'manual' || mode === 'notApplicable' || mode === 'error') return false;
	return audit.score !== null && audit.score < 1;
}

/** A score from 0..1 (or null when the category could not be scored) as 0..100. @param {number | null} score */
const percent = (score) => (score === null ? null : Math.round(score * 100));

/**
 * The summary of one Lighthouse run.
 * `failing[category]` lists, for a category under 100, its audits that lost points: weighted ones first (they cost
 * the score), heaviest first; a performance opportunity with weight 0 (it counts only through the metrics) is kept
 * when it failed, as it says where the time goes.
 * @param {Lhr} lhr
 * @returns {Summary}
 */
export function summarizeLhr(lhr) {
	/** @type {Record<string, number | null>} */
	const scores = {};
	/** @type {Record<string, FailingAudit[]>} */
	const failing = {};
	for (const category of CATEGORIES) {
		const entry = lhr.categories[category];
		scores[category] = entry ? percent(entry.score) : null;
		failing[category] = [];
		if (!entry || scores[category] === 100) continue;
		for (const ref of entry.auditRefs) {
			const audit = lhr.audits[ref.id];
			if (!audit || !auditLostPoints(audit)) continue;
			// Performance metrics are reported in `metrics`; list only what explains them.
			if (ref.group === 'metrics') continue;
			failing[category].push({
				id: audit.id,
				title: audit.title,
				score: audit.score,
				weight: ref.weight,
				...(audit.displayValue ? { displayValue: audit.displayValue } : {}),
			});
		}
		failing[category].sort((a, b) => b.weight - a.weight);
	}
	/** @type {Summary['metrics']} */
	const metrics = {};
	for (const id of METRICS) {
		const audit = lhr.audits[id];
		if (!audit) continue;
		metrics[id] = {
			title: audit.title,
			displayValue: audit.displayValue ?? '',
			numericValue: audit.numericValue ?? null,
		};
	}
	return {
		url: lhr.finalDisplayedUrl ?? lhr.requestedUrl ?? '',
		formFactor: lhr.configSettings?.formFactor ?? 'mobile',
		throttling: lhr.configSettings?.throttlingMethod ?? 'simulate',
		lighthouseVersion: lhr.lighthouseVersion ?? '',
		scores: /** @type {Summary['scores']} */ (scores),
		failing: /** @type {Summary['failing']} */ (failing),
		metrics,
		runtimeError: lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : null,
	};
}

/**
 * The requests of a run that left the site under test (the network-requests audit lists every one), so a run that
 * reached out to the internet is seen, not assumed away. data: and blob: URLs never leave the browser.
 * @param {Lhr} lhr @param {string} origin e.g. "http://127.0.0.1:4411"
 * @returns {string[]}
 */
export function offSiteRequests(lhr, origin) {
	const items = /** @type {{ url?: string }[]} */ (lhr.audits['network-requests']?.details?.items ?? []);
	return items
		.map((item) => item.url ?? '')
		.filter((url) => url && !/^(data|blob):/.test(url) && new URL(url).origin !== origin);
}

/**
 * Whether a summary meets issue 6's goal in every category.
 * @param {Summary} summary
 */
export function meetsGoals(summary) {
	return CATEGORIES.every((category) => (summary.scores[category] ?? 0) >= GOALS[category]);
}

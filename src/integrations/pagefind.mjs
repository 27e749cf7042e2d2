// Builds the site's search index with Pagefind after every `astro build`, into dist/pagefind/, so the index is
// always there for `npm start`, `npm test` and any deployment, and the search box never asks another origin.
// Only the element marked `data-pagefind-body` (a lesson's or course page's article) is indexed; pages without it
// (home, playground, progress, 404) are left out. Pagefind's binary comes from its npm package (@pagefind/<os>-<cpu>).
import { fileURLToPath } from 'node:url';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as pagefind from 'pagefind';

/**
 * Parts of an article that are not reading text: the lesson number above the title, quiz questions (an excerpt
 * must not give an answer away), a cell's code (excerpts of prose read better; cells are still found by their
 * labels and the text around them) and its run-time UI, and the previous/next links (other lessons' titles).
 */
export const EXCLUDE_SELECTORS = [
	'.lesson-kicker',
	'quiz-question',
	'python-cell .cell-code',
	'.cell-badge',
	'.cell-toolbar',
	'.cell-output',
	'.cell-widget',
	'.cell-noscript',
	'.pager',
];

/**
 * Pagefind also writes its ready-made search UIs; the site has its own small one (src/scripts/search.ts), so
 * these ~430 KB are removed rather than deployed (and precached) for nothing.
 */
export const UNUSED_BUNDLE_FILES = [
	'pagefind-ui.js',
	'pagefind-ui.css',
	'pagefind-modular-ui.js',
	'pagefind-modular-ui.css',
	'pagefind-component-ui.js',
	'pagefind-component-ui.css',
	'pagefind-highlight.js',
];

/**
 * Index the built site in `siteDir` and write the bundle to `siteDir/pagefind`. Returns the number of pages in
 * the index (pages with `data-pagefind-body`), read from the bundle's entry file.
 */
export async function buildSearchIndex(siteDir) {
	try {
		const { index, errors } = await pagefind.createIndex({
			excludeSelectors: EXCLUDE_SELECTORS,
		});
		if (!index) throw new Error(`Pagefind could not create an index: ${errors.join('; ')}`);
		const added = await index.addDirectory({ path: siteDir });
		if (added.errors.length > 0) throw new Error(`Pagefind could not index ${siteDir}: ${added.errors.join('; ')}`);
		const outputPath = join(siteDir, 'pagefind');
		rmSync(outputPath, { recursive: true, force: true }); // no stale index files from an earlier run
		const written = await index.writeFiles({ outputPath });
		if (written.errors.length > 0) throw new Error(`Pagefind could not write its files: ${written.errors.join('; ')}`);
		const bundle = written.outputPath;
		for (const name of UNUSED_BUNDLE_FILES) rmSync(join(bundle, name), { force: true });
		const entry = JSON.parse(readFileSync(join(bundle, 'pagefind-entry.json'), 'utf8'));
		return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
	} finally {
		// The service is a child process: close it, or the build would not exit.
		await pagefind.close();
	}
}

/** Astro integration: index the built site once the build is done. */
export default function pagefindSearch() {
	return {
		name: 'pagefind-search',
		hooks: {
			'astro:build:done': async ({ dir, logger }) => {
				const pages = await buildSearchIndex(fileURLToPath(dir));
				if (pages === 0) throw new Error('Pagefind indexed no page: is data-pagefind-body on the articles?');
				logger.info(`Search index of ${pages} pages written to pagefind/`);
			},
		},
	};
}

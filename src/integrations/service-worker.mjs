// Builds the service worker after everything else has written dist/ (the pages, Pyodide, the Pagefind index,
// the Content-Security-Policy rewrite): esbuild bundles src/sw/service-worker.ts with Workbox, then
// workbox-build injects the precache manifest of dist, so the worker knows every file and its revision.
// It must stay the LAST integration in astro.config.mjs: a file changed after it would be precached stale.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';

/** What goes into the precache: everything the course serves, except the worker itself and bench leftovers. */
export const PRECACHE = {
	globPatterns: ['**/*'],
	// The shipped interpreter snapshot (6 MB) is for first visits, which are online; later ones, offline included,
	// restore the copy the browser stored.
	globIgnores: ['sw.js', 'bench-bare/**', 'python-snapshot/**', '**/*.map'],
	// Pyodide's wasm is about 9.6 MB; Workbox skips files over 2 MB unless told.
	maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
	// Vite's and Pagefind's fingerprinted names change with their content: the URL is the revision.
	dontCacheBustURLsMatching: /^(_astro\/|pagefind\/(fragment|index)\/)/,
};

/** Bundle the worker source and inject the manifest of `distDir`. Returns what was precached. */
export async function buildServiceWorker(distDir) {
	const work = mkdtempSync(join(tmpdir(), 'course-sw-'));
	try {
		const bundled = join(work, 'sw.js');
		await build({
			entryPoints: [fileURLToPath(new URL('../sw/service-worker.ts', import.meta.url))],
			outfile: bundled,
			bundle: true,
			format: 'iife',
			target: 'es2022',
			minify: true,
			// Workbox logs and asserts in development builds only.
			define: { 'process.env.NODE_ENV': '"production"' },
			logLevel: 'silent',
		});
		const { count, size, warnings } = await injectManifest({
			swSrc: bundled,
			swDest: join(distDir, 'sw.js'),
			globDirectory: distDir,
			...PRECACHE,
		});
		return { count, size, warnings };
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

/** Astro integration: write dist/sw.js at the end of `astro build`. */
export default function serviceWorker() {
	return {
		name: 'service-worker',
		hooks: {
			'astro:build:done': async ({ dir, logger }) => {
				const { count, size, warnings } = await buildServiceWorker(fileURLToPath(dir));
				for (const warning of warnings) logger.warn(warning);
				logger.info(`sw.js precaches ${count} files (${(size / 1024 / 1024).toFixed(1)} MB) for offline use`);
			},
		},
	};
}

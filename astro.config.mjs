// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import selfHostPyodide from './src/integrations/self-host-pyodide.mjs';
import pagefindSearch from './src/integrations/pagefind.mjs';
import contentSecurityPolicy from './src/integrations/csp.mjs';
import serviceWorker from './src/integrations/service-worker.mjs';
import shippedSnapshot from './src/integrations/shipped-snapshot.mjs';
import { disGrammar } from './src/lib/dis-grammar.mjs';
import { rehypeTableScroll } from './src/lib/rehype-table-scroll.mjs';
import { cspHeaders } from './src/lib/csp-policy.mjs';

/**
 * Cross-origin isolation: SharedArrayBuffer (used for Stop and for input()) only exists on isolated pages,
 * and the headers must reach every response, the worker script included (runtime-notes pitfall 8).
 * Astro applies `server.headers` to both `astro dev` and `astro preview` (pitfall 6).
 */
export const isolationHeaders = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
	site: 'https://example.org',
	trailingSlash: 'always',
	// shippedSnapshot() needs the final pages (after the CSP); serviceWorker() stays last: it precaches dist as the
	// integrations before it left it.
	integrations: [
		selfHostPyodide(),
		mdx(),
		pagefindSearch(),
		contentSecurityPolicy(),
		shippedSnapshot(),
		serviceWorker(),
	],
	// The CSP header holds every response to the site, workers included (src/lib/csp-policy.mjs).
	server: { headers: { ...isolationHeaders, ...cspHeaders } },
	markdown: {
		rehypePlugins: [rehypeTableScroll],
		shikiConfig: {
			themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
			defaultColor: false,
			langs: [/** @type {any} */ (disGrammar)],
		},
	},
	vite: {
		worker: { format: 'es' },
		optimizeDeps: { exclude: ['pyodide'] },
	},
});

// Writes each built page's Content Security Policy into the page (src/lib/csp.mjs): a <meta http-equiv> at the
// top of <head> allowing only the site itself, 'wasm-unsafe-eval', and the page's own inline script and styles
// by hash. It runs after every other integration that rewrites HTML (Pagefind only reads it), and before the
// service worker's, which must hash the final pages. `astro dev` is left alone (its HTML is not final).
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withPolicy } from '../lib/csp.mjs';

/** Every .html file under `dir`. */
function htmlFiles(/** @type {string} */ dir) {
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((path) => path.endsWith('.html'))
		.map((path) => join(dir, path));
}

/** @returns {import('astro').AstroIntegration} */
export default function contentSecurityPolicy() {
	return {
		name: 'content-security-policy',
		hooks: {
			'astro:build:done': ({ dir, logger }) => {
				const pages = htmlFiles(fileURLToPath(dir));
				for (const file of pages) writeFileSync(file, withPolicy(readFileSync(file, 'utf8')));
				logger.info(`Content Security Policy written into ${pages.length} pages`);
			},
		},
	};
}

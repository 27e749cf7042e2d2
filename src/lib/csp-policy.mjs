// @ts-check
/**
 * The site's Content Security Policy, as strings. Everything comes from the site itself; the only exception to
 * "no code from strings" is 'wasm-unsafe-eval', which compiling WebAssembly (Pyodide, Pagefind) needs.
 * No Node imports here, so a browser bundle (the service worker) can import it too; the HTML side (hashing
 * inline scripts and styles, writing the <meta>) is in csp.mjs.
 */

/** Directives that are the same for every response: fetches, workers, forms, <base>, plugins. */
const ORIGIN_DIRECTIVES = [
	"default-src 'self'",
	"connect-src 'self'",
	"img-src 'self'",
	"font-src 'self'",
	"media-src 'self'",
	"worker-src 'self'",
	"manifest-src 'self'",
	"object-src 'none'",
	"base-uri 'self'",
	"form-action 'self'",
];

/**
 * Inline <style> elements are allowed ('unsafe-inline' in style-src-elem), because the code editor needs it:
 * CodeMirror's style-mod writes the editor's theme into a <style> element it creates at run time (constructable
 * stylesheets are only used for editors inside a shadow root), with text no build-time hash can know, and a fixed
 * nonce in a static page would be public and protect nothing. Styles cannot run code; scripts stay hash-only.
 */
const STYLE_ELEMENT_SOURCES = "'self' 'unsafe-inline'";

/**
 * @typedef {object} PageSources
 * @property {string[]} scriptHashes  'sha256-…' sources of the page's inline <script> elements
 * @property {string[]} styleAttributeHashes  'sha256-…' sources of the distinct values of its style="…" attributes
 */

/**
 * The policy of one built page, for its <meta http-equiv="Content-Security-Policy">: only the inline scripts
 * that are on the page run, by hash. Style attributes (Shiki's colours) are allowed by hash with 'unsafe-hashes',
 * in style-src-attr, so no other style attribute applies; scripts still set styles through the CSSOM
 * (el.style.x = …), which CSP does not restrict. style-src only serves browsers that predate -elem and -attr.
 * @param {PageSources} sources
 * @returns {string}
 */
export function pagePolicy({ scriptHashes, styleAttributeHashes }) {
	const unique = (/** @type {string[]} */ list) => [...new Set(list)].sort();
	const attributes = unique(styleAttributeHashes);
	const directives = [
		...ORIGIN_DIRECTIVES,
		["script-src 'self' 'wasm-unsafe-eval'", ...unique(scriptHashes)].join(' '),
		`style-src ${STYLE_ELEMENT_SOURCES}`,
		`style-src-elem ${STYLE_ELEMENT_SOURCES}`,
		['style-src-attr', ...(attributes.length > 0 ? ["'unsafe-hashes'", ...attributes] : ["'none'"])].join(' '),
	];
	return directives.join('; ');
}

/**
 * The policy sent as an HTTP header with every response (astro dev/preview through `server.headers`, and the
 * service worker where the host sets no headers). A dedicated worker does not inherit the page's <meta> policy:
 * its own response's header is its policy, so this is what holds the Python worker and Pagefind's worker to the
 * site and to 'wasm-unsafe-eval' (no eval, no new Function).
 * The header reaches HTML pages too, where it is enforced together with the page's <meta> policy (a resource
 * must pass both). It cannot know a page's hashes, so it allows inline scripts and styles and leaves hashing to
 * the <meta>, which narrows them to the hashed ones on every built page.
 * frame-ancestors only works in a header (a <meta> ignores it): no other site may frame the course.
 */
export const HEADER_POLICY = [
	...ORIGIN_DIRECTIVES,
	"script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'",
	"style-src 'self' 'unsafe-inline'",
	"frame-ancestors 'self'",
].join('; ');

/** The header, ready for `server.headers` or a service worker's `new Headers(…)`. */
export const cspHeaders = { 'Content-Security-Policy': HEADER_POLICY };

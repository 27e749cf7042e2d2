// @ts-check
/**
 * Gives a built HTML page its Content Security Policy: hashes every inline <script> and every distinct style="…"
 * value the page holds, and writes the policy (csp-policy.mjs) as a <meta http-equiv> at the top of
 * <head>, before any script or style, so it governs all of them. Computed from the final HTML, never hard-coded,
 * so an edit to the theme script or a new Shiki colour cannot silently break the page.
 * No HTML parser dependency: Astro's output is well formed, and the small scanner below only needs tags,
 * attributes and the raw text of <script>/<style> (which the HTML parser takes verbatim, entities and all).
 */
import { createHash } from 'node:crypto';
import { pagePolicy } from './csp-policy.mjs';

/** A CSP hash source for `text` as the browser hashes it: SHA-256 of its UTF-8 bytes, base64. */
export function hashSource(/** @type {string} */ text) {
	return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const NAMED_ENTITIES = /** @type {Record<string, string>} */ ({ amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0' });

/** An attribute's value as the browser sees it (CSP hashes the decoded value). */
export function decodeEntities(/** @type {string} */ value) {
	return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
		if (name[0] === '#') {
			const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
			return String.fromCodePoint(code);
		}
		const named = NAMED_ENTITIES[name.toLowerCase()];
		if (named === undefined) throw new Error(`csp: unknown HTML entity ${whole} in an attribute; add it to NAMED_ENTITIES`);
		return named;
	});
}

/** One attribute of a start tag: name, then an optional value (double-, single- or unquoted). */
const ATTRIBUTE = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
/** A start tag, a comment or a doctype, from its `<`. */
const TAG = /<!--[\s\S]*?-->|<![^>]*>|<([a-zA-Z][^\s\/>]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?|\s*\/)*)\s*>/g;

/** @param {string} attributes the text of a start tag after its name */
function parseAttributes(attributes) {
	/** @type {Map<string, string>} */
	const found = new Map();
	for (const m of attributes.matchAll(ATTRIBUTE)) {
		const name = (m[1] ?? '').toLowerCase();
		if (name === '/' || found.has(name)) continue; // the parser keeps an attribute's first occurrence
		found.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
	}
	return found;
}

/**
 * The inline code of a page: the text of every <script> without src, of every <style>, and every style="…"
 * value (decoded), in document order.
 * @param {string} html
 * @returns {{ scripts: string[], styles: string[], styleAttributes: string[] }}
 */
export function inlineSources(html) {
	/** @type {string[]} */ const scripts = [];
	/** @type {string[]} */ const styles = [];
	/** @type {string[]} */ const styleAttributes = [];
	TAG.lastIndex = 0;
	let match;
	while ((match = TAG.exec(html))) {
		const name = match[1]?.toLowerCase();
		if (!name) continue; // a comment or a doctype
		const attributes = parseAttributes(match[2] ?? '');
		const style = attributes.get('style');
		if (style !== undefined) styleAttributes.push(style);
		if (name === 'script' || name === 'style') {
			// Raw text: everything up to the closing tag, taken verbatim, and not scanned for tags.
			const closing = new RegExp(`</${name}`, 'gi');
			closing.lastIndex = TAG.lastIndex;
			const end = closing.exec(html)?.index;
			if (end === undefined) throw new Error(`csp: <${name}> without </${name}>`);
			const text = html.slice(TAG.lastIndex, end);
			if (name === 'style') styles.push(text);
			else if (!attributes.has('src')) scripts.push(text);
			TAG.lastIndex = end;
		}
	}
	return { scripts, styles, styleAttributes };
}

/** The policy for a page, from the inline code it holds. */
export function policyFor(/** @type {string} */ html) {
	const { scripts, styleAttributes } = inlineSources(withoutPolicy(html));
	return pagePolicy({
		scriptHashes: scripts.map(hashSource),
		styleAttributeHashes: styleAttributes.map(hashSource),
	});
}

const POLICY_META = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/g;

function withoutPolicy(/** @type {string} */ html) {
	return html.replace(POLICY_META, '');
}

/** `"` and `&` escaped for a double-quoted attribute (a policy has neither, but a stray one must not break out). */
function attributeValue(/** @type {string} */ text) {
	return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/**
 * `html` with its policy as the first element of <head> after `<meta charset>` (which must stay within the first
 * 1024 bytes for the encoding to be found): before every script, style and stylesheet. Running it again replaces
 * the policy rather than adding a second one.
 * @param {string} html
 * @returns {string}
 */
export function withPolicy(html) {
	const policy = policyFor(html);
	const page = withoutPolicy(html);
	const meta = `<meta http-equiv="Content-Security-Policy" content="${attributeValue(policy)}">`;
	const head = /<head(?:\s[^>]*)?>(\s*<meta charset=["']?[\w-]+["']?\s*\/?>)?/i.exec(page);
	if (!head) throw new Error('csp: the page has no <head>');
	const at = head.index + head[0].length;
	return page.slice(0, at) + meta + page.slice(at);
}

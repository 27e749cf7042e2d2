import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeEntities, hashSource, inlineSources, policyFor, withPolicy } from './csp.mjs';
import { HEADER_POLICY, pagePolicy } from './csp-policy.mjs';

const THEME_SCRIPT = "\n\t(function () { var t = localStorage.getItem('theme'); if (t === 'dark') document.documentElement.dataset.theme = t; })();\n";
const SHIKI = '--shiki-light:#0E1116;--shiki-dark:#F0F3F6';
const PAGE =
	'<!DOCTYPE html><html lang="en"> <head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
	`<title>T</title><script>${THEME_SCRIPT}</script><style>.a{color:red}</style>` +
	'<script type="module" src="/_astro/page.js"></script></head>' +
	`<body><pre class="astro-code" style="${SHIKI}; overflow-x: auto;"><code><span style="${SHIKI}">x</span>` +
	`<span style='${SHIKI}'>&lt;script&gt;alert(1)&lt;/script&gt;</span><span style="--shiki-light:#A0111F;--shiki-dark:#FF9492">=</span></code></pre>` +
	'<!-- <span style="color:red"> --></body></html>';

/** The policy's directives by name. */
function directives(policy: string): Map<string, string[]> {
	return new Map(
		policy.split(';').map((part) => {
			const [name = '', ...sources] = part.trim().split(/\s+/);
			return [name, sources];
		})
	);
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(Buffer.from(text, 'utf8')).digest('base64')}'`;

describe('inlineSources', () => {
	it('finds inline scripts (not external ones), style elements, and decoded style attributes outside comments', () => {
		const found = inlineSources(PAGE);
		expect(found.scripts).toEqual([THEME_SCRIPT]);
		expect(found.styles).toEqual(['.a{color:red}']);
		expect(found.styleAttributes).toEqual([`${SHIKI}; overflow-x: auto;`, SHIKI, SHIKI, '--shiki-light:#A0111F;--shiki-dark:#FF9492']);
	});

	it('takes script text verbatim, without looking for tags inside it', () => {
		const script = 'if (a <b && c> d) document.write("<p style=\\"x\\">")';
		expect(inlineSources(`<head><script>${script}</script></head>`)).toEqual({ scripts: [script], styles: [], styleAttributes: [] });
	});

	it('decodes entities in attribute values, as the browser hashes the decoded value', () => {
		expect(decodeEntities('font-family: &quot;A&amp;B&quot; &#39;x&#x27;')).toBe(`font-family: "A&B" 'x'`);
		expect(() => decodeEntities('&bogus;')).toThrow(/unknown HTML entity/);
	});
});

describe('the page policy', () => {
	const policy = directives(policyFor(PAGE));

	it('allows the site itself and wasm compilation, and nothing from elsewhere', () => {
		expect(policy.get('default-src')).toEqual(["'self'"]);
		for (const name of ['connect-src', 'img-src', 'font-src', 'worker-src', 'manifest-src', 'base-uri', 'form-action']) {
			expect(policy.get(name), name).toEqual(["'self'"]);
		}
		expect(policy.get('object-src')).toEqual(["'none'"]);
		const all = [...policy.values()].flat();
		expect(all.filter((source) => !source.startsWith("'")), 'no host, scheme or wildcard source').toEqual([]);
		expect(all).not.toContain("'unsafe-eval'");
	});

	it('runs exactly the inline scripts on the page, by a hash equal to Node crypto of their text', () => {
		expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", sha256(THEME_SCRIPT)]);
		expect(hashSource(THEME_SCRIPT)).toBe(sha256(THEME_SCRIPT));
		expect(hashSource('é')).toBe(sha256('é')); // UTF-8 bytes, not UTF-16 code units
	});

	it('allows each distinct style attribute by hash only, and style elements (for the editor)', () => {
		expect(policy.get('style-src-attr')).toEqual(
			["'unsafe-hashes'", ...[`${SHIKI}; overflow-x: auto;`, SHIKI, '--shiki-light:#A0111F;--shiki-dark:#FF9492'].map(sha256).sort()]
		);
		expect(policy.get('style-src-elem')).toEqual(["'self'", "'unsafe-inline'"]);
		expect(directives(pagePolicy({ scriptHashes: [], styleAttributeHashes: [] })).get('style-src-attr')).toEqual(["'none'"]);
	});
});

describe('withPolicy', () => {
	const secured = withPolicy(PAGE);

	it('puts the policy right after <meta charset>, before every other element of <head>', () => {
		const head = secured.slice(secured.indexOf('<head>') + '<head>'.length);
		expect(head.startsWith(`<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policyFor(PAGE)}">`)).toBe(true);
		expect(secured.indexOf('http-equiv')).toBeLessThan(secured.indexOf('<script'));
		expect(secured.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, '')).toBe(PAGE);
	});

	it('is first in <head> when there is no <meta charset>', () => {
		expect(withPolicy('<html><head><title>x</title><script>1</script></head></html>')).toMatch(
			/^<html><head><meta http-equiv="Content-Security-Policy" content="[^"]*'sha256-[^"]*"><title>/
		);
	});

	it('gives the same page when run twice (one policy, same hashes)', () => {
		expect(withPolicy(secured)).toBe(secured);
		expect(secured.match(/http-equiv/g)).toHaveLength(1);
	});

	it('fails loudly on a page it cannot secure', () => {
		expect(() => withPolicy('<p>no head</p>')).toThrow(/no <head>/);
		expect(() => withPolicy('<head><script>never closed')).toThrow(/without <\/script>/);
	});
});

describe('the header policy (every response, workers included)', () => {
	const header = directives(HEADER_POLICY);

	it('holds workers to the site and to wasm compilation: no eval', () => {
		expect(header.get('default-src')).toEqual(["'self'"]);
		expect(header.get('connect-src')).toEqual(["'self'"]);
		expect(header.get('worker-src')).toEqual(["'self'"]);
		expect(header.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]);
		expect(HEADER_POLICY).not.toContain("'unsafe-eval'");
		expect(header.get('frame-ancestors')).toEqual(["'self'"]);
	});
});

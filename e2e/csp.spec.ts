/**
 * The Content Security Policy (src/lib/csp.mjs, src/lib/csp-policy.mjs): every page carries its policy at the top
 * of <head>, the browser enforces it (an injected inline script does not run; the Python worker cannot eval), and
 * the course itself never trips it: widgets, the editor, search and the theme toggle cause no violation, and no
 * request, the workers' included, leaves the site.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { cellOf, expectState, output, run, setCode } from './helpers';

const PAGE_TYPES = ['/', '/lessons/journey/', '/playground/', '/progress/', '/techniques/', '/no-such-page/'];

/** Lessons whose widgets draw SVG, bars and highlighted source, and each widget to run there. */
const WIDGET_PAGES = [
	{ path: '/lessons/tokens-and-ast/', widgets: ['tokens', 'ast', 'scopes'] },
	{ path: '/lessons/compiler-and-code-objects/', widgets: ['bytecode', 'codeobject', 'folding'] },
	{ path: '/lessons/operating-system/', widgets: ['syscalls', 'wasm-memory'] },
	{ path: '/lessons/memory-optimization/', widgets: ['memory-bars'] },
	{ path: '/lessons/profiling/', widgets: ['profile', 'timeit', 'heatmap'] },
];

/** The <meta> policy of the page, parsed into directives. */
async function metaPolicy(page: Page): Promise<Map<string, string[]>> {
	const content = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
	return new Map(
		(content ?? '').split(';').map((part) => {
			const [name = '', ...sources] = part.trim().split(/\s+/);
			return [name, sources];
		})
	);
}

/**
 * Everything that would show the policy was tripped: `securitypolicyviolation` events in the page, the
 * browser's CSP console messages (the worker's too), and every request of the context (the workers' included).
 */
async function watch(context: BrowserContext, page: Page) {
	await context.addInitScript(() => {
		const found: string[] = [];
		(window as unknown as { cspViolations: string[] }).cspViolations = found;
		document.addEventListener('securitypolicyviolation', (event) =>
			found.push(`${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`)
		);
	});
	const consoleReports: string[] = [];
	const onConsole = (message: { text(): string }) => {
		if (/Content Security Policy|Refused to/.test(message.text())) consoleReports.push(message.text());
	};
	page.on('console', onConsole);
	page.on('worker', (worker) => worker.on('console', onConsole));
	const requests: string[] = [];
	context.on('request', (request) => requests.push(request.url()));
	return {
		requests,
		consoleReports,
		violations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
	};
}

test('every page type carries its policy first in <head>, and hashes every inline script it holds', async ({ page }) => {
	for (const path of PAGE_TYPES) {
		await page.goto(path);
		const head = await page.evaluate(() => [...document.head.children].map((el) => el.outerHTML.slice(0, 60)));
		// Only <meta charset> (which must stay in the first 1024 bytes) comes before the policy.
		expect(head[0], path).toBe('<meta charset="utf-8">');
		expect(head[1], path).toMatch(/^<meta http-equiv="Content-Security-Policy"/);
		const policy = await metaPolicy(page);
		const scriptSources = policy.get('script-src') ?? [];
		expect(scriptSources.slice(0, 2), path).toEqual(["'self'", "'wasm-unsafe-eval'"]);
		expect([...policy.values()].flat(), path).not.toContain("'unsafe-eval'");
		expect(scriptSources, path).not.toContain("'unsafe-inline'");
		expect(policy.get('default-src'), path).toEqual(["'self'"]);
		expect(policy.get('connect-src'), path).toEqual(["'self'"]);
		const inline = await page.locator('script:not([src])').evaluateAll((scripts) => scripts.map((s) => s.textContent ?? ''));
		expect(inline.length, `${path}: the theme script`).toBeGreaterThan(0);
		for (const text of inline) {
			const hash = `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
			expect(scriptSources, `${path}: ${text.slice(0, 40)}`).toContain(hash);
		}
		expect(scriptSources.length, `${path}: no hash of a script that is not there`).toBe(2 + new Set(inline).size);
	}
});

test('the policy is enforced: an injected inline script does not run, a style attribute does not apply, the worker cannot eval', async ({
	page,
	context,
}) => {
	const watched = await watch(context, page);
	await page.goto('/playground/');
	const ran = await page.evaluate(async () => {
		const script = document.createElement('script');
		script.textContent = 'window.injectedScriptRan = true';
		document.body.append(script);
		const box = document.createElement('p');
		box.setAttribute('style', 'outline: 7px solid red');
		document.body.append(box);
		await new Promise((resolve) => setTimeout(resolve, 100));
		return { script: 'injectedScriptRan' in window, style: getComputedStyle(box).outlineStyle };
	});
	expect(ran).toEqual({ script: false, style: 'none' });
	await expect.poll(watched.violations).toEqual([
		expect.stringMatching(/^script-src-elem blocked inline/),
		expect.stringMatching(/^style-src-attr blocked inline/),
	]);

	// The Python worker has its own policy (the header): code from strings is refused there too.
	const cell = cellOf(page);
	await setCode(cell, 'import js\ntry:\n    js.eval("1 + 1")\nexcept Exception as error:\n    print(type(error).__name__, error)');
	await run(cell);
	await expectState(cell, 'done');
	await expect(output(cell)).toContainText(/EvalError.*Content Security Policy/);
});

test('widgets on lessons that draw SVG, bars and highlighted source run without a violation, and no request leaves the site', async ({
	page,
	context,
	baseURL,
}) => {
	test.setTimeout(240_000);
	const watched = await watch(context, page);
	for (const { path, widgets } of WIDGET_PAGES) {
		await page.goto(path);
		for (const widget of widgets) {
			const cell = page.locator(`python-cell[data-widget="${widget}"]`).first();
			await run(cell);
			await expectState(cell, /done|error/, 60_000);
			await expect(cell.locator(`[data-widget-panel="${widget}"]`), `${path} ${widget}`).not.toBeEmpty();
		}
		expect(await watched.violations(), path).toEqual([]);
	}
	expect(watched.consoleReports).toEqual([]);
	const origin = new URL(baseURL ?? '').origin;
	// The worker's own fetches are in the list (context-wide requests include workers'), so they were checked too.
	expect(watched.requests.some((url) => url.endsWith('/pyodide/python_stdlib.zip'))).toBe(true);
	expect(watched.requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url))).toEqual([]);
});

test('the editor styles itself, search loads its wasm and the theme toggles, all within the policy', async ({ page, context, baseURL }) => {
	const watched = await watch(context, page);
	await page.goto('/lessons/journey/');
	// The editor: CodeMirror writes its theme into a <style> element at run time (style-src-elem allows it).
	await cellOf(page).locator('.cell-code[data-code]').click();
	const editor = cellOf(page).locator('.cm-editor');
	await expect(editor).toBeVisible();
	await expect(editor).toHaveCSS('display', 'flex');
	await expect(cellOf(page).locator('.cm-content')).toHaveCSS('white-space', 'pre');
	await page.keyboard.type('# edited\n');
	await run(cellOf(page));
	await expectState(cellOf(page), 'done');

	// Search: Pagefind's script, its worker and its wasm, from the site.
	await page.getByRole('searchbox', { name: 'Search the course' }).fill('bytecode');
	await expect(page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first()).toBeVisible();
	expect(watched.requests.some((url) => /\/pagefind\/.*wasm/.test(url))).toBe(true);

	// The theme toggle (the inline theme script ran: it is the one that knows the stored choice).
	const toggle = page.locator('[data-theme-toggle]');
	await toggle.click();
	const theme = await page.evaluate(() => document.documentElement.dataset['theme']);
	await page.reload();
	expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);

	expect(await watched.violations()).toEqual([]);
	expect(watched.consoleReports).toEqual([]);
	const origin = new URL(baseURL ?? '').origin;
	expect(watched.requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url))).toEqual([]);
});

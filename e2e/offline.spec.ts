/**
 * The service worker (src/sw/service-worker.ts): after one visit the whole course works with no network; on a host
 * that cannot send COOP/COEP it makes the page cross-origin isolated anyway; a new version replaces the old cache
 * and tells the learner. The course is served here by a plain file server like GitHub Pages (no isolation
 * headers), which a test can also switch off entirely: a real "no network", not an emulated one.
 */
import { expect, test, type Page } from '@playwright/test';
import {
	cellOf,
	expectNoAxeViolations,
	expectState,
	output,
	run,
	runInPlayground,
	runThenStop,
	setCode,
} from './helpers';
import { startPlainServer, type PlainServer } from './plain-server';

test.use({ serviceWorkers: 'allow' });
test.describe.configure({ timeout: 120_000 });

let server: PlainServer;
test.beforeEach(async () => {
	server = await startPlainServer();
});
test.afterEach(async () => {
	await server.close();
});

/** Wait until the service worker has precached the course and controls the page, isolated. */
async function waitUntilInstalled(page: Page): Promise<void> {
	await expect
		.poll(
			() =>
				page
					.evaluate(() => Boolean(navigator.serviceWorker.controller) && crossOriginIsolated)
					.catch(() => false), // the page may be reloading (the isolation reload)
			{ timeout: 90_000 }
		)
		.toBe(true);
}

async function lessonHrefs(page: Page): Promise<string[]> {
	await page.goto(`${server.origin}/`);
	return page
		.locator('main a[href*="/lessons/"]')
		.evaluateAll((links) => [...new Set(links.map((link) => new URL((link as HTMLAnchorElement).href).pathname))]);
}

test('a host without headers: the service worker isolates the page (Stop keeps Python) and holds the worker to the CSP', async ({ page }) => {
	await page.goto(`${server.origin}/playground/`);
	expect(await page.evaluate(() => crossOriginIsolated)).toBe(false); // the server sends no isolation headers
	await waitUntilInstalled(page); // one automatic reload later
	expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
	// Stop through the shared interrupt buffer raises KeyboardInterrupt and keeps the interpreter's state (a page
	// without isolation could only restart Python, losing sys.marker).
	await runInPlayground(page, 'import sys\nsys.marker = 42');
	const cell = cellOf(page);
	expect(await runThenStop(cell, 'while True:\n    pass\n', 'done')).toBeLessThan(5_000);
	await expect(output(cell)).toContainText('KeyboardInterrupt');
	await runInPlayground(page, 'import sys\nprint(sys.marker)');
	await expect(output(cell)).toHaveText(/^42\s*$/);
	// The worker's Content-Security-Policy came from the service worker too: no eval in the Python worker.
	await runInPlayground(page, 'import js\ntry:\n    js.eval("1 + 1")\nexcept Exception as error:\n    print(type(error).__name__, error)');
	await expect(output(cell)).toContainText(/EvalError.*Content Security Policy/);
});

test('after one visit, every lesson, the search and Python work with the server gone', async ({ page }) => {
	const lessons = await lessonHrefs(page);
	expect(lessons.length).toBeGreaterThanOrEqual(15);
	await waitUntilInstalled(page);
	await server.close(); // no network from here on

	// The page visited, reloaded, runs Python from the offline copy of the runtime.
	await page.goto(`${server.origin}${lessons[0]}`);
	const first = cellOf(page);
	await run(first);
	await expectState(first, 'done', 60_000);
	await expect(output(first)).not.toBeEmpty();

	// A lesson never opened before, with an edited cell.
	await page.goto(`${server.origin}${lessons[lessons.length - 1]}`);
	const cell = cellOf(page);
	await setCode(cell, 'import sys\nprint(sys.version_info[:2], "offline")');
	await run(cell);
	await expectState(cell, 'done', 60_000);
	await expect(output(cell)).toContainText('(3, 14) offline');

	// Search loads Pagefind's index from the offline copy too.
	const searchbox = page.getByRole('searchbox', { name: 'Search the course' });
	await searchbox.fill('pycache');
	await expect(page.getByRole('list', { name: 'Search results' }).getByRole('link').first()).toBeVisible();

	// An address the course does not have: a plain offline page, not the browser's error.
	await page.goto(`${server.origin}/no-such-page/`);
	await expect(page.locator('body')).toContainText('You are offline');
});

test('a new version replaces the old cache and tells the learner, who reloads into it', async ({ page }) => {
	await page.goto(`${server.origin}/`);
	await waitUntilInstalled(page);
	await expect(page.locator('meta[name="course-build"]')).toHaveCount(0);

	// Publish "version 2": the home page changes, and so does its revision in the new sw.js.
	server.transform = (path, text) => {
		if (path === '/sw.js') return text.replace(/"revision":"[0-9a-f]+","url":"index.html"/, '"revision":"v2","url":"index.html"');
		if (path === '/' || path === '/index.html') return text.replace('<head>', '<head><meta name="course-build" content="v2">');
		return undefined;
	};
	await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

	const notice = page.getByRole('status').filter({ hasText: 'A new version of the course is ready' });
	await expect(notice).toBeVisible({ timeout: 60_000 });
	await expectNoAxeViolations(page, '[data-update-notice]');
	const reloaded = page.waitForEvent('load');
	await notice.getByRole('button', { name: 'Reload to update' }).click();
	await reloaded;
	await expect(page.locator('meta[name="course-build"]')).toHaveAttribute('content', 'v2');
	await expect(page.locator('[data-update-notice]')).toHaveCount(0);

	// The new version's copy is the one kept: with the server gone, the home page is version 2.
	await server.close();
	await page.reload();
	await expect(page.locator('meta[name="course-build"]')).toHaveAttribute('content', 'v2');
	const precaches = await page.evaluate(async () => (await caches.keys()).filter((name) => name.includes('precache')));
	expect(precaches).toHaveLength(1);
});

test('on an isolated host the service worker waits for Python, and never reloads the page', async ({ page }) => {
	// Note when the page registers the worker (workbox-window calls navigator.serviceWorker.register).
	await page.addInitScript(() => {
		const container = navigator.serviceWorker;
		const register = container.register.bind(container);
		container.register = (...args: Parameters<ServiceWorkerContainer['register']>) => {
			(window as unknown as { registeredAt: number }).registeredAt = performance.now();
			return register(...args);
		};
	});
	let loads = 0;
	page.on('load', () => loads++);
	await page.goto('/playground/'); // astro preview sends the isolation headers itself
	expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
	await waitUntilInstalled(page);
	const [registeredAt, pythonReady] = await page.evaluate(() => [
		(window as unknown as { registeredAt: number }).registeredAt,
		performance.getEntriesByName('python:ready')[0]?.startTime ?? Infinity,
	]);
	expect(registeredAt).toBeGreaterThanOrEqual(pythonReady); // the offline copy never delays the first run
	expect(loads).toBe(1);
});

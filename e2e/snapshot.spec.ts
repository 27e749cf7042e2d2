/**
 * Start-up from an interpreter snapshot (src/python/snapshot.ts). A first visit restores the snapshot the site
 * ships (made at build time in headless Chromium, src/integrations/shipped-snapshot.mjs) and keeps a copy in the
 * Cache API; a second visit (same browser context) restores that copy. Either way everything works as after a fresh
 * start: a cell, input(), Stop, random numbers of its own, the browser's stack switching (asyncio.run, time.sleep
 * letting other tasks run), and the widgets whose helpers are JavaScript. Without a shipped snapshot Python starts
 * afresh and stores one; a corrupt stored or shipped snapshot ends in a fresh start, never a broken page. How
 * Python started is read from the `python:ready` performance mark the page sets.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { cellOf, expectState, output, run, runThenStop, setCode } from './helpers';

interface StartInfo {
	startedFrom: 'snapshot' | 'shipped' | 'fresh';
	startMs: number;
	snapshotError?: string;
}

async function mark<T>(page: Page, name: string): Promise<T> {
	const handle = await page.waitForFunction(
		(markName) => (performance.getEntriesByName(markName).at(-1) as PerformanceMark | undefined)?.detail as unknown,
		name,
		{ timeout: 60_000 }
	);
	return (await handle.jsonValue()) as T;
}

const startInfo = (page: Page) => mark<StartInfo>(page, 'python:ready');

async function runCode(cell: Locator, code: string): Promise<string> {
	await setCode(cell, code);
	await run(cell);
	await expectState(cell, 'done', 60_000);
	return (await output(cell).textContent()) ?? '';
}

/** A first visit: Python restores the shipped snapshot, runs a cell, and keeps a copy for the next visit. */
async function firstVisit(page: Page): Promise<void> {
	await page.goto('/playground/');
	await runCode(cellOf(page), 'print("first visit")');
	const info = await startInfo(page);
	expect(info.startedFrom).toBe('shipped');
	expect(info.snapshotError).toBeUndefined();
	const stored = await mark<{ bytes: number }>(page, 'python:snapshot-stored');
	expect(stored.bytes).toBeGreaterThan(10_000_000);
}

/**
 * On /lessons/async/: the lesson's cells show the browser's stack switching (JSPI): asyncio.run works, and
 * time.sleep lets the other task tick meanwhile. Returns once both cells ran.
 */
async function expectStackSwitching(page: Page): Promise<void> {
	const plain = page.locator('python-cell', { hasText: 'from pyodide.ffi import can_run_sync' }).first();
	await run(plain);
	await expectState(plain, 'done', 60_000);
	await expect(output(plain)).toContainText('stack switching (JSPI) available: True');
	await expect(output(plain)).toContainText('asyncio.run(answer()) -> 42');
	const sleepy = page.locator('python-cell[data-widget="tasks"]', { hasText: 'time.sleep(0.2)' });
	await run(sleepy);
	await expectState(sleepy, 'done', 60_000);
	const text = (await output(sleepy).textContent()) ?? '';
	expect(text.indexOf('tick 3')).toBeGreaterThan(-1);
	expect(text.indexOf('tick 3')).toBeLessThan(text.indexOf('time.sleep done'));
}

const RANDOM = 'import random\nprint("draw", random.random())';

test('a second visit restores the stored snapshot: a cell, its own random numbers, input() and Stop', async ({ page }) => {
	await page.goto('/playground/');
	const cell = cellOf(page);
	const first = await runCode(cell, RANDOM);
	expect((await startInfo(page)).startedFrom).toBe('shipped');
	await mark(page, 'python:snapshot-stored');

	await page.reload();
	const again = cellOf(page);
	const second = await runCode(again, RANDOM);
	const info = await startInfo(page);
	expect(info.startedFrom).toBe('snapshot');
	expect(info.snapshotError).toBeUndefined();
	expect(second).toMatch(/draw 0\.\d+/);
	expect(second).not.toBe(first); // reseeded after the restore, not the snapshot's state

	await setCode(again, 'name = input("Your name? ")\nprint("Hello,", name)');
	await run(again);
	const field = output(again).getByRole('textbox', { name: 'Input for the program:' });
	await field.fill('Ada');
	await field.press('Enter');
	await expectState(again, 'done');
	await expect(output(again)).toContainText('Hello, Ada');

	// Stop through the interrupt buffer: the same interpreter carries on (no restart, so no second start).
	expect(await runThenStop(again, 'while True:\n    pass', 'done')).toBeLessThan(1_000);
	await expect(output(again)).toContainText('KeyboardInterrupt');
	expect(await page.evaluate(() => performance.getEntriesByName('python:ready').length)).toBe(1);
});

test('after a restore, asyncio.run works and time.sleep lets other tasks run (JSPI), as after a fresh start', async ({
	page,
}) => {
	await firstVisit(page);
	await page.goto('/lessons/async/');
	await expectStackSwitching(page);
	expect((await startInfo(page)).startedFrom).toBe('snapshot');
});

test('after a restore, the system-call trace and the memory chart (JavaScript helpers) work', async ({ page }) => {
	await firstVisit(page);
	await page.goto('/lessons/operating-system/');
	const calls = page.locator('python-cell[data-widget="syscalls"]').first();
	await runCode(calls, 'with open("/tmp/restored.txt", "w") as f:\n    f.write("abc")\nprint(open("/tmp/restored.txt").read())');
	expect((await startInfo(page)).startedFrom).toBe('snapshot');
	await expect(
		calls.locator('[data-widget-panel="syscalls"] tr[data-syscall="write"][data-path="/tmp/restored.txt"]')
	).toHaveCount(1);

	const memory = page.locator('python-cell[data-widget="wasm-memory"]').first();
	await runCode(memory, 'blocks = [bytearray(1_000_000) for _ in range(150)]\nprint("allocated", len(blocks), "MB")');
	const root = memory.locator('[data-wasm-memory]');
	await expect(root).toHaveAttribute('data-shrank', 'false');
	expect(Number(await root.getAttribute('data-end-bytes'))).toBeGreaterThan(
		Number(await root.getAttribute('data-start-bytes'))
	);
});

test('a corrupt stored snapshot falls back to a fresh start and is replaced by a good one', async ({ page }) => {
	await firstVisit(page);
	const corrupted = await page.evaluate(async () => {
		const cache = await caches.open('python-snapshot-v1');
		const keys = await cache.keys();
		for (const request of keys) {
			const stored = (await cache.match(request))!;
			const broken = new Uint8Array(await stored.arrayBuffer());
			// Flip bytes in the middle, keeping the labels: only the SHA-256 check can tell.
			for (let i = 0; i < 64; i++) broken[Math.floor(broken.length / 2) + i]! ^= 0xff;
			await cache.put(request, new Response(broken, { headers: stored.headers }));
		}
		return keys.length;
	});
	expect(corrupted).toBe(1);

	await page.reload();
	expect(await runCode(cellOf(page), 'print("fresh", 6 * 7)')).toContain('fresh 42');
	const info = await startInfo(page);
	expect(info.startedFrom).toBe('fresh');
	expect(info.snapshotError).toBeTruthy();
	await mark(page, 'python:snapshot-stored');

	await page.reload();
	expect(await runCode(cellOf(page), 'print("restored", 6 * 7)')).toContain('restored 42');
	expect((await startInfo(page)).startedFrom).toBe('snapshot');
});

/** Make every request for the shipped snapshot fail (404) or deliver `body` instead. */
async function replaceShipped(page: Page, body: Buffer | null): Promise<void> {
	await page.context().route('**/python-snapshot/shipped-*', (route) =>
		body ? route.fulfill({ status: 200, body, contentType: 'application/octet-stream' }) : route.fulfill({ status: 404 })
	);
}

test('a first visit restores the shipped snapshot: stack switching (JSPI) works as after a fresh start', async ({ page }) => {
	await page.goto('/lessons/async/');
	await expectStackSwitching(page);
	const info = await startInfo(page);
	expect(info.startedFrom).toBe('shipped'); // made in headless Chromium at build time, valid in this Chromium
	expect(info.snapshotError).toBeUndefined();
});

test('without a shipped snapshot Python starts afresh and stores its own; a damaged one is refused the same way', async ({
	page,
}) => {
	await replaceShipped(page, null);
	await page.goto('/playground/');
	expect(await runCode(cellOf(page), 'print("fresh", 6 * 7)')).toContain('fresh 42');
	const fresh = await startInfo(page);
	expect(fresh.startedFrom).toBe('fresh');
	expect(fresh.snapshotError).toBeUndefined(); // no shipped file is not an error
	await mark(page, 'python:snapshot-stored');
	await page.reload();
	expect(await runCode(cellOf(page), 'print("again")')).toContain('again');
	expect((await startInfo(page)).startedFrom).toBe('snapshot');

	// A new browser profile whose download of the shipped snapshot arrives damaged.
	const context = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin });
	try {
		const other = await context.newPage();
		await replaceShipped(other, Buffer.from('not a gzip stream at all'));
		await other.goto('/playground/');
		expect(await runCode(cellOf(other), 'print("fine", 1 + 1)')).toContain('fine 2');
		const damaged = await startInfo(other);
		expect(damaged.startedFrom).toBe('fresh');
		expect(damaged.snapshotError).toBeTruthy();
	} finally {
		await context.close();
	}
});

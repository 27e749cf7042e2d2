/**
 * Start-up from the build's interpreter snapshot (src/python/snapshot.ts): a page restores Python from
 * /python-snapshot/<key>.bin instead of starting it, and everything still works after the restore (a cell, a
 * widget cell whose helper is JavaScript, input(), Stop). A corrupt or missing snapshot ends in a fresh start,
 * never a broken page. How Python started is read from the `python:ready` performance mark the page sets.
 */
import { expect, test, type Page } from '@playwright/test';
import { cellOf, expectState, output, run, runThenStop, setCode } from './helpers';

interface StartInfo {
	startedFrom: 'snapshot' | 'fresh';
	startMs: number;
	snapshotError?: string;
}

async function startInfo(page: Page): Promise<StartInfo> {
	const handle = await page.waitForFunction(
		() => (performance.getEntriesByName('python:ready').at(-1) as PerformanceMark | undefined)?.detail as unknown,
		null,
		{ timeout: 60_000 }
	);
	return (await handle.jsonValue()) as StartInfo;
}

test.describe('start-up from the snapshot', () => {
	test('the playground restores Python from the snapshot and runs a cell, input() and Stop', async ({ page }) => {
		await page.goto('/playground/');
		const cell = cellOf(page);
		await setCode(cell, 'import sys, random\nprint("hi", sys.version_info[:2], 0 <= random.random() < 1)');
		await run(cell);
		await expectState(cell, 'done', 60_000);
		await expect(output(cell)).toContainText('hi (3, 14) True');
		const info = await startInfo(page);
		expect(info.startedFrom).toBe('snapshot');
		expect(info.snapshotError).toBeUndefined();

		await setCode(cell, 'name = input("Your name? ")\nprint("Hello,", name)');
		await run(cell);
		const field = output(cell).getByRole('textbox', { name: 'Input for the program:' });
		await field.fill('Ada');
		await field.press('Enter');
		await expectState(cell, 'done');
		await expect(output(cell)).toContainText('Hello, Ada');

		// Stop through the interrupt buffer: the same interpreter carries on (no restart, so no fresh start).
		expect(await runThenStop(cell, 'while True:\n    pass', 'done')).toBeLessThan(1_000);
		await expect(output(cell)).toContainText('KeyboardInterrupt');
		expect(await page.evaluate(() => performance.getEntriesByName('python:ready').length)).toBe(1);
	});

	test('a widget whose helper is JavaScript (the system-call trace) works after a restore', async ({ page }) => {
		await page.goto('/lessons/operating-system/');
		const cell = page.locator('python-cell[data-widget="syscalls"]').first();
		await setCode(cell, 'with open("/tmp/restored.txt", "w") as f:\n    f.write("abc")\nprint(open("/tmp/restored.txt").read())');
		await run(cell);
		await expectState(cell, 'done', 60_000);
		expect((await startInfo(page)).startedFrom).toBe('snapshot');
		const panel = cell.locator('[data-widget-panel="syscalls"]');
		await expect(panel.locator('tr[data-syscall="write"][data-path="/tmp/restored.txt"]')).toHaveCount(1);
	});

	for (const [name, body, status] of [
		['corrupt', 'this is not a snapshot', 200],
		['missing', 'not found', 404],
	] as const) {
		test(`a ${name} snapshot falls back to a fresh start`, async ({ page }) => {
			await page.route('**/python-snapshot/*', (route) =>
				route.fulfill({ status, body, contentType: 'application/octet-stream' })
			);
			await page.goto('/playground/');
			const cell = cellOf(page);
			await setCode(cell, 'print("fresh", 6 * 7)');
			await run(cell);
			await expectState(cell, 'done', 60_000);
			await expect(output(cell)).toContainText('fresh 42');
			const info = await startInfo(page);
			expect(info.startedFrom).toBe('fresh');
			expect(info.snapshotError).toBeTruthy();
		});
	}
});

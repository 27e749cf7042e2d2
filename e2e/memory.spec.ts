/**
 * The memory bars (`widget="memory-bars"`) on /lessons/memory-optimization/: the lesson's cell as it ships, the
 * same cell edited (a function added, one changed) so the bars follow the learner's code, a cell with nothing to
 * measure, and axe in both themes after the widget cells ran, on a 375px phone too.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectState, run, setCode } from './helpers';

const LESSON = '/lessons/memory-optimization/';
function memoryCell(page: Page, index = 0): Locator {
	return page.locator('python-cell[data-widget="memory-bars"]').nth(index);
}

async function runAsShipped(cell: Locator): Promise<Locator> {
	await run(cell);
	await expectState(cell, 'done', 60_000);
	return cell.locator('[data-widget-panel="memory-bars"]');
}

async function figure(panel: Locator, name: string, which: 'kept' | 'peak' | 'shallow'): Promise<number> {
	return Number(await panel.locator(`[data-function="${name}"]`).getAttribute(`data-${which}`));
}

async function axe(page: Page): Promise<void> {
	await expectNoAxeViolations(page, 'python-cell[data-widget="memory-bars"]');
}

test.describe('memory bars', () => {
	test('draws the lesson cell, then follows an edit: a changed function and a new one change the bars', async ({
		page,
	}) => {
		await page.goto(LESSON);
		const cell = memoryCell(page, 0);
		const panel = await runAsShipped(cell);
		await expect(panel.locator('[data-function]')).toHaveCount(4);
		const listKept = await figure(panel, 'numbers_list', 'kept');
		// The list keeps its int objects too; getsizeof sees only its pointers.
		expect(listKept).toBeGreaterThan(3 * (await figure(panel, 'numbers_list', 'shallow')));
		expect(await figure(panel, 'squares_generator', 'kept')).toBeLessThan(1024);
		await expect(panel.locator('[data-function="numbers_list"] [data-figure="kept"] .mb-value')).toHaveText(
			new RegExp(`^${listKept.toLocaleString('en')} B`)
		);

		await setCode(
			cell,
			`def numbers_list():
    return list(range(20_000))

def strings():
    return [str(n) * 10 for n in range(5_000)]
`
		);
		await run(cell);
		await expectState(cell, 'done', 60_000);
		await expect(panel.locator('[data-function]')).toHaveCount(2);
		await expect(panel.locator('[data-function="numbers_array"]')).toHaveCount(0);
		const doubled = await figure(panel, 'numbers_list', 'kept');
		expect(doubled).toBeGreaterThan(1.8 * listKept);
		expect(await figure(panel, 'strings', 'kept')).toBeGreaterThan(await figure(panel, 'strings', 'shallow'));
		await expect(panel.locator('[data-memory-summary]')).toContainText('2 functions measured');
	});

	test('finds by tracemalloc what getsizeof misses: plain instances outweigh slotted ones', async ({ page }) => {
		await page.goto(LESSON);
		const panel = await runAsShipped(memoryCell(page, 1));
		expect(await figure(panel, 'plain_points', 'shallow')).toBe(await figure(panel, 'slotted_points', 'shallow'));
		expect(await figure(panel, 'plain_points', 'kept')).toBeGreaterThan(
			(await figure(panel, 'slotted_points', 'kept')) + 10_000 * 8
		);
	});

	test('says what it expects when the code defines no function to call, and stops an endless one', async ({ page }) => {
		await page.goto(LESSON);
		const cell = memoryCell(page, 0);
		const panel = cell.locator('[data-widget-panel="memory-bars"]');
		await setCode(cell, 'data = [1, 2, 3]\nprint(len(data))\n');
		await run(cell);
		await expectState(cell, 'done', 60_000);
		await expect(panel.locator('[data-memory-status="no-functions"]')).toContainText('takes no arguments');
		await setCode(cell, 'def spin():\n    while True:\n        pass\n\ndef fine():\n    return [0] * 100\n');
		await run(cell);
		await expectState(cell, 'done', 60_000);
		await expect(panel.locator('[data-function="spin"] .mb-problem')).toContainText('time budget');
		expect(await figure(panel, 'fine', 'kept')).toBe(await figure(panel, 'fine', 'shallow'));
	});

	test('passes axe in light and dark after the widget cells ran, and fits a phone', async ({ page }) => {
		await page.goto(LESSON);
		for (const index of [0, 2]) await runAsShipped(memoryCell(page, index));
		await axe(page);
		await page.setViewportSize({ width: 375, height: 800 });
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		const widest = await memoryCell(page, 0)
			.locator('[data-widget-panel="memory-bars"]')
			.evaluate((root) =>
				Math.max(...[...root.querySelectorAll('.mb-row, figcaption, p')].map((el) => el.getBoundingClientRect().right))
			);
		expect(widest).toBeLessThanOrEqual(375);
	});
});

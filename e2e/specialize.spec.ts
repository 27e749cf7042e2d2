/**
 * The specialization explorer (widget="specialize") on the lesson that uses it (found from the MDX sources):
 * the learner's own edited functions appear with their adaptive bytecode; warming one up turns BINARY_OP into
 * BINARY_OP_ADD_INT (marked data-changed and "was BINARY_OP"); other argument types re-specialize it; cold vs
 * warm timings are drawn with the ratio in words; axe is clean after the runs, and a 375px phone does not scroll
 * sideways.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectState, run, setCode } from './helpers';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const PYTHON = { timeout: 60_000 };
const LESSONS = join(import.meta.dirname, '..', 'content', 'lessons');

/** The first lesson with a specialize cell (slug = file name without its number). */
function lessonWithWidget(): string {
	for (const file of readdirSync(LESSONS).filter((name) => name.endsWith('.mdx') && !name.startsWith('_')).sort()) {
		if (readFileSync(join(LESSONS, file), 'utf8').includes('widget="specialize"')) {
			return `/lessons/${file.replace(/^\d+-/, '').replace(/\.mdx$/, '')}/`;
		}
	}
	throw new Error('no lesson has a widget="specialize" cell');
}

async function axe(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(found).toEqual([]);
}

const PROGRAM = `def add(a, b):
    return a + b

def shout(word):
    return word.upper() + "!"

add(1, 2)
print(shout("hi"))
`;

const path = lessonWithWidget();

function explorer(page: Page): { cell: Locator; panel: Locator } {
	const cell = page.locator('python-cell[data-widget="specialize"]').first();
	return { cell, panel: cell.locator('[data-widget-panel="specialize"]') };
}

function addRows(panel: Locator): Locator {
	return panel.locator('section.spec-function[data-function="add"] tr[data-opname]');
}

async function warmUp(panel: Locator, times: string, args?: string, fn = 'add (line 1)'): Promise<void> {
	await panel.getByLabel('Function').selectOption({ label: fn });
	if (args !== undefined) await panel.getByLabel('Arguments').fill(args);
	await panel.getByLabel('Calls').selectOption(times);
	await panel.getByRole('button', { name: 'Warm up' }).click();
	await expect(panel.getByRole('button', { name: 'Warm up' })).toBeEnabled(PYTHON);
}

test.describe('specialization explorer', () => {
	test('warming up the learner’s own function specializes it, marked with what it was', async ({ page }) => {
		test.setTimeout(120_000);
		await page.goto(path);
		const { cell, panel } = explorer(page);
		await setCode(cell, PROGRAM);
		await run(cell);
		await expectState(cell, 'done', 60_000);
		await expect(panel.locator('section.spec-function')).toHaveCount(2);
		await expect(panel.locator('section.spec-function[data-function="shout"]')).toBeVisible();
		// One call: the instruction has counted once but not specialized yet (it does on the 2nd execution).
		await expect(addRows(panel).nth(2)).toHaveAttribute('data-opname', 'BINARY_OP');
		await expect(panel).toContainText('sys._jit.is_available() is False');

		await warmUp(panel, '10', '(1, 2)');
		const changed = panel.locator('section.spec-function[data-function="add"] tr[data-changed="BINARY_OP"]');
		await expect(changed).toHaveAttribute('data-opname', 'BINARY_OP_ADD_INT');
		await expect(changed).toContainText('was BINARY_OP');
		await expect(panel.getByRole('status')).toHaveText(/^Called add 10 more times: \d+ instructions? changed\.$/);
		await expect(panel.getByRole('button', { name: 'Warm up' })).toBeFocused();

		// Other types: strings miss the int guard; 100 calls are more than the 53 misses that de-specialize it.
		await panel.getByRole('button', { name: 'strings' }).click();
		await expect(panel.getByLabel('Arguments')).toHaveValue("('a', 'b')");
		await warmUp(panel, '100');
		const respecialized = panel.locator('tr[data-changed="BINARY_OP_ADD_INT"]');
		await expect(respecialized).toHaveAttribute('data-opname', 'BINARY_OP_ADD_UNICODE');
		await expect(respecialized).toContainText('was BINARY_OP_ADD_INT');

		// A bad argument expression is reported, not thrown.
		await warmUp(panel, '1', 'undefined_name');
		await expect(panel.getByRole('status')).toHaveText(/NameError: name 'undefined_name' is not defined/);

		await panel.getByLabel('Arguments').fill('(1, 2)');
		await panel.getByRole('button', { name: 'Time cold vs warm' }).click();
		const timings = panel.locator('figure.spec-timings');
		await expect(timings).toBeVisible(PYTHON);
		await expect(timings.locator('.spec-bar')).toHaveCount(2);
		await expect(timings.locator('.spec-bar-time').first()).toHaveText(/per call \(\d+ calls\)/);
		await expect(timings.locator('.spec-ratio')).toHaveText(/×\d/);

		await axe(page);
	});

	test('a function that never returns is stopped by the time budget, and the page’s Python still works', async ({ page }) => {
		test.setTimeout(120_000);
		await page.goto(path);
		const { cell, panel } = explorer(page);
		await setCode(cell, 'def spin(n):\n    while n:\n        pass\n\ndef add(a, b):\n    return a + b\n');
		await run(cell);
		await expectState(cell, 'done', 60_000);
		await panel.getByLabel('Function').selectOption({ label: 'spin (line 1)' });
		await panel.getByLabel('Arguments').fill('(1,)');
		await panel.getByRole('button', { name: 'Warm up' }).click();
		await expect(panel.getByRole('status')).toHaveText('It did not finish within 10 seconds, so it was stopped.', { timeout: 30_000 });
		await warmUp(panel, '10', '(1, 2)', 'add (line 5)');
		await expect(panel.locator('tr[data-changed="BINARY_OP"]')).toHaveAttribute('data-opname', 'BINARY_OP_ADD_INT');
	});

	test('fits a 375px phone', async ({ page }) => {
		test.setTimeout(90_000);
		await page.setViewportSize({ width: 375, height: 800 });
		await page.goto(path);
		const { cell, panel } = explorer(page);
		await setCode(cell, PROGRAM);
		await run(cell);
		await expectState(cell, 'done', 60_000);
		await warmUp(panel, '10', '(1, 2)');
		await panel.getByRole('button', { name: 'Time cold vs warm' }).click();
		await expect(panel.locator('figure.spec-timings')).toBeVisible(PYTHON);
		await panel.scrollIntoViewIfNeeded();
		await page.screenshot({ path: 'test-results/specialize-phone.png', fullPage: false });
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await axe(page);
	});
});

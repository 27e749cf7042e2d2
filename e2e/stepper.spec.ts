/**
 * The bytecode stepper (`widget="stepper"`) on the evaluation-loop lesson: an edited program is recorded one
 * instruction per step from the real run; Step / Step back move the current row (aria-current, data-offset) and
 * come back; the narration and the modelled stack ([data-stack]) say what the instruction did; Run to line jumps;
 * a program that never ends is stopped by the step budget and its steps stay steppable; axe is clean in both
 * themes; the widget fits a phone.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectState, output, run, setCode } from './helpers';

const LESSON = '/lessons/evaluation-loop/';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PROGRAM = 'def add(a, b):\n    c = a + b\n    return c\n\nprint(add(6, 7))\n';

function stepperCell(page: Page): Locator {
	return page.locator('python-cell[data-cell]', { has: page.locator('[data-widget-panel="stepper"]') }).first();
}

async function runProgram(page: Page, code: string, state = 'done'): Promise<Locator> {
	await page.goto(LESSON);
	const cell = stepperCell(page);
	await setCode(cell, code);
	await run(cell);
	await expectState(cell, state, 60_000);
	return cell;
}

const current = (cell: Locator) => cell.locator('tr[aria-current="step"]');

test('steps forward and back through the real run, with narration and the modelled stack', async ({ page }) => {
	const cell = await runProgram(page, PROGRAM);
	await expect(output(cell)).toContainText('13');
	const stepper = cell.locator('.stepper');
	await expect(stepper.locator('[data-counter]')).toHaveText(/^step 1 of 21$/);
	await expect(current(cell)).toHaveAttribute('data-opname', 'RESUME');
	const step = stepper.getByRole('button', { name: 'Step', exact: true });
	const back = stepper.getByRole('button', { name: 'Step back' });
	const offsets: string[] = [];
	for (let i = 0; i < 3; i += 1) {
		offsets.push((await current(cell).getAttribute('data-offset')) ?? '');
		await step.click();
	}
	await expect(stepper.locator('[data-counter]')).toHaveText('step 4 of 21');
	expect(await current(cell).getAttribute('data-offset')).not.toBe(offsets[2]);
	// Keyboard: the buttons work with Enter / Space.
	await back.focus();
	await page.keyboard.press('Enter');
	await expect(current(cell)).toHaveAttribute('data-offset', offsets[2] ?? '');
	await page.keyboard.press('Space');
	await expect(current(cell)).toHaveAttribute('data-offset', offsets[1] ?? '');
	await back.click();
	await expect(current(cell)).toHaveAttribute('data-offset', offsets[0] ?? '');
	await expect(stepper.locator('[data-counter]')).toHaveText('step 1 of 21');

	// Into add: after the two loads, the stack shows both values (top first); then BINARY_OP.
	await stepper.getByLabel('Line').selectOption('2');
	await stepper.getByRole('button', { name: 'Run to line' }).click();
	await expect(current(cell)).toHaveAttribute('data-opname', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW');
	await expect(stepper.locator('[data-stack] li')).toHaveText(['top7', '−16']);
	await expect(stepper.locator('[data-frames] li')).toHaveText(['add line 2 (running)', '<module> line 5']);
	await step.click();
	await expect(current(cell)).toHaveAttribute('data-opname', 'BINARY_OP');
	await expect(stepper.locator('[data-narration]')).toHaveText(/BINARY_OP \(\+\) popped 6 and 7 and pushed 13\./);
	await expect(stepper.locator('[data-stack] li')).toHaveText(['top13']);
	await expect(stepper.locator('[data-locals]')).toContainText('a6');
	await expect(stepper).toContainText('(modelled)');
	await stepper.getByRole('button', { name: 'Restart' }).click();
	await expect(stepper.locator('[data-counter]')).toHaveText('step 1 of 21');
});

test('a program that never ends is stopped by the step budget; its steps stay steppable', async ({ page }) => {
	const cell = await runProgram(page, 'n = 0\nwhile True:\n    n += 1\n', 'error');
	await expect(output(cell)).toContainText('StepBudgetExceeded');
	const stepper = cell.locator('.stepper');
	await expect(stepper.locator('[data-counter]')).toHaveText('step 1 of 2000 (budget reached)');
	await expect(stepper).toContainText('stopped at its budget of 2000 steps');
	await stepper.getByRole('button', { name: 'Step', exact: true }).click();
	await stepper.getByRole('button', { name: 'Step', exact: true }).click();
	await expect(stepper.locator('[data-counter]')).toHaveText('step 3 of 2000 (budget reached)');
	await expect(current(cell)).toHaveAttribute('data-offset', /\d+/);
});

for (const scheme of ['light', 'dark'] as const) {
	test(`axe finds nothing on the stepper after a run (${scheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme: scheme });
		const cell = await runProgram(page, PROGRAM);
		await cell.locator('.stepper').getByRole('button', { name: 'Step', exact: true }).click();
		const results = await new AxeBuilder({ page }).include('python-cell [data-widget-panel="stepper"]').withTags(WCAG).analyze();
		expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
	});
}

test('fits a 375px phone without widening the page', async ({ page }) => {
	await page.setViewportSize({ width: 375, height: 800 });
	const cell = await runProgram(page, PROGRAM);
	await expect(cell.locator('[data-stack]')).toBeVisible();
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(375);
});

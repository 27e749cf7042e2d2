/** Shared steps for the browser tests: find a cell, give it code, run it, wait for its state. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

export function cellOf(page: Page, index = 0): Locator {
	return page.locator('python-cell[data-cell]').nth(index);
}

/** Click into the code (which loads the editor), replace everything, and leave focus in the editor. */
export async function setCode(cell: Locator, code: string): Promise<void> {
	await cell.locator('.cell-code[data-code]').click();
	const editor = cell.getByRole('textbox');
	await expect(editor).toBeVisible();
	await editor.focus();
	await cell.page().keyboard.press('ControlOrMeta+A');
	await cell.page().keyboard.insertText(code);
}

export async function run(cell: Locator): Promise<void> {
	await cell.getByRole('button', { name: 'Run', exact: true }).click();
}

export async function expectState(cell: Locator, state: string | RegExp, timeout = 30_000): Promise<void> {
	await expect(cell).toHaveAttribute('data-state', state, { timeout });
}

export function output(cell: Locator): Locator {
	return cell.getByRole('log');
}

/** Start `code`, let it run a moment, press Stop, and return how long the cell took to reach `endState`. */
export async function runThenStop(cell: Locator, code: string, endState: string): Promise<number> {
	await setCode(cell, code);
	await run(cell);
	await expectState(cell, 'running');
	await cell.page().waitForTimeout(300);
	const stopped = Date.now();
	await cell.getByRole('button', { name: 'Stop' }).click();
	await expectState(cell, endState, 5_000);
	return Date.now() - stopped;
}

/** Run code in the first cell of the playground and wait for it to finish. */
export async function runInPlayground(page: Page, code: string): Promise<Locator> {
	const cell = cellOf(page);
	await setCode(cell, code);
	await run(cell);
	await expectState(cell, /done|error/);
	return cell;
}

/** Lesson URLs, read from the home page, so new lessons are tested without editing the tests. */
export async function lessonPaths(page: Page): Promise<string[]> {
	await page.goto('/');
	const hrefs = await page.locator('main a[href*="/lessons/"]').evaluateAll((links) =>
		links.map((link) => new URL((link as HTMLAnchorElement).href).pathname)
	);
	return [...new Set(hrefs)];
}

/** The accessibility rules the course is held to: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * axe finds nothing in the light theme and in the dark one, switched as the theme toggle does (`data-theme`);
 * within `include` (a selector) when given, else the whole page. Each finding names its theme, rule and elements.
 */
export async function expectNoAxeViolations(page: Page, include?: string): Promise<void> {
	for (const theme of ['light', 'dark'] as const) {
		await page.evaluate((value) => {
			document.documentElement.dataset['theme'] = value;
		}, theme);
		const builder = new AxeBuilder({ page }).withTags(WCAG);
		const results = await (include ? builder.include(include) : builder).analyze();
		const found = results.violations.map(
			(v) => `${theme}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		);
		expect(found).toEqual([]);
	}
}

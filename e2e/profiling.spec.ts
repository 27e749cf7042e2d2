/**
 * The profile widget (`widget="profile"`) on its lesson, /lessons/profiling/: run on EDITED code, the icicle's
 * rects and the pstats table follow the edit; a column header sorts the table (aria-sort); the frames are reached
 * and moved between by keyboard, and mark their table row. Then axe (WCAG 2.2 AA, both themes) on the lesson after
 * its cells ran, and a 375px phone. The timeit and heatmap widgets have their own spec (profiling-tools.spec.ts).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectState, run, setCode } from './helpers';

const LESSON = '/lessons/profiling/';
/** A program unlike the lesson's: renamed functions, `slow_part` called twice, `fast_part` once. */
const EDITED = `def slow_part(n):
    seen = []
    for i in range(n):
        if i not in seen:
            seen.append(i)
    return len(seen)

def fast_part(n):
    return sum(range(n))

def entry():
    slow_part(600)
    slow_part(600)
    fast_part(1000)

entry()
`;

async function profileCell(page: Page): Promise<{ cell: Locator; panel: Locator }> {
	const cell = page.locator('python-cell[data-widget="profile"]').first();
	return { cell, panel: cell.locator('[data-widget-panel="profile"]') };
}

async function runEdited(page: Page, code: string): Promise<{ cell: Locator; panel: Locator }> {
	const found = await profileCell(page);
	await setCode(found.cell, code);
	await run(found.cell);
	await expectState(found.cell, 'done', 60_000);
	return found;
}

async function rowNames(panel: Locator): Promise<string[]> {
	return panel.locator('table[data-profile-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-function') ?? ''));
}

test.describe('profile widget', () => {
	test('draws the edited program: its own functions as rects and rows, with the call counts of the edit', async ({ page }) => {
		await page.goto(LESSON);
		const { panel } = await runEdited(page, EDITED);
		const rects = panel.locator('svg[data-icicle] rect[data-frame]');
		await expect(rects.first()).toBeVisible();
		const frames = await rects.evaluateAll((all) => all.map((r) => r.getAttribute('data-frame')));
		expect(frames).toContain('entry');
		expect(frames).toContain('slow_part');
		expect(frames).not.toContain('main');
		expect(frames[0]).toBe('<module>');
		// The table lists the edit's functions, none of the runner's frames, with pstats' counts.
		const names = await rowNames(panel);
		expect(names).toEqual(expect.arrayContaining(['<module>', 'entry', 'slow_part', 'fast_part', 'list.append']));
		expect(names.some((n) => n.includes('run_cell') || n.includes('disable'))).toBe(false);
		const slowRow = panel.locator('tr[data-function="slow_part"]');
		await expect(slowRow.locator('td').first()).toHaveText('2');
		await expect(panel.locator('tr[data-function="list.append"] td').first()).toHaveText('1200');
		await expect(panel.locator('[data-profile-summary]')).toContainText('function calls');
		// slow_part is wider than fast_part: widths follow time.
		const width = (name: string) =>
			panel.locator(`svg[data-icicle] g[data-frame="${name}"] svg`).first().evaluate((box) => box.getBoundingClientRect().width);
		expect(await width('slow_part')).toBeGreaterThan(await width('fast_part'));

		// Add a call and rename: the next run redraws from the new code. quick_part gets enough work to be drawn (a
		// frame narrower than MIN_WIDTH px is left out, and sum(range(1000)) took 0.14% of one run: too thin).
		await runEdited(page, EDITED.replace('fast_part', 'quick_part').replace('fast_part(1000)', 'quick_part(300_000)\n    quick_part(10)'));
		await expect(panel.locator('svg[data-icicle] rect[data-frame="quick_part"]').first()).toBeVisible();
		await expect(panel.locator('svg[data-icicle] rect[data-frame="fast_part"]')).toHaveCount(0);
		await expect(panel.locator('tr[data-function="quick_part"] td').first()).toHaveText('2');
	});

	test('sorts the table from its header buttons, and the frames work by keyboard', async ({ page }) => {
		await page.goto(LESSON);
		const { panel } = await runEdited(page, EDITED);
		const table = panel.locator('table[data-profile-table]');
		await expect(table.locator('th[aria-sort="descending"]')).toContainText('tottime');

		// Sort by ncalls: most-called first; again: fewest first.
		await table.getByRole('button', { name: /^ncalls/ }).click();
		await expect(table.locator('th[aria-sort]')).toContainText('ncalls');
		await expect(table.locator('th[aria-sort]')).toHaveAttribute('aria-sort', 'descending');
		expect((await rowNames(panel))[0]).toBe('list.append');
		// The keyboard works on the header buttons too (focus stays on the redrawn button).
		await page.keyboard.press('Enter');
		await expect(table.locator('th[aria-sort]')).toHaveAttribute('aria-sort', 'ascending');
		await expect(table.getByRole('button', { name: /^ncalls/ })).toBeFocused();
		expect((await rowNames(panel)).at(-1)).toBe('list.append');
		await table.getByRole('button', { name: /^function/ }).click();
		const byName = await rowNames(panel);
		expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, 'en')));

		// The icicle: one tab stop; arrows go down to the callee and across; focus marks the table row.
		const first = panel.locator('svg[data-icicle] g.pv-frame[tabindex="0"]');
		await expect(first).toHaveCount(1);
		await first.focus();
		await expect(first).toHaveAttribute('data-frame', '<module>');
		await page.keyboard.press('ArrowDown');
		const focused = panel.locator('svg[data-icicle] g.pv-frame:focus');
		await expect(focused).toHaveAttribute('data-frame', 'entry');
		await page.keyboard.press('ArrowDown');
		await expect(focused).toHaveAttribute('data-frame', 'slow_part');
		await expect(panel.locator('tr.pv-linked')).toHaveAttribute('data-function', 'slow_part');
		await page.keyboard.press('ArrowRight');
		await expect(focused).toHaveAttribute('data-frame', 'fast_part');
		await expect(panel.locator('tr.pv-linked')).toHaveAttribute('data-function', 'fast_part');
		await page.keyboard.press('ArrowUp');
		await expect(focused).toHaveAttribute('data-frame', 'entry');
		await expect(panel.locator('svg[data-icicle] g.pv-frame[tabindex="0"]')).toHaveCount(1);
	});

	test('marks recursion, and passes axe in light and dark after the cells ran, and fits a phone', async ({ page }) => {
		await page.goto(LESSON);
		const recursion = page.locator('python-cell[data-widget="profile"]').nth(1);
		await run(recursion);
		await expectState(recursion, 'done', 60_000);
		const panel = recursion.locator('[data-widget-panel="profile"]');
		await expect(panel.locator('g.pv-recursive[data-frame="fib"]').first()).toBeAttached();
		await expect(panel.locator('tr[data-function="fib"] td').first()).toHaveText(/^\d+\/1$/);
		const { cell } = await profileCell(page);
		await run(cell);
		await expectState(cell, 'done', 60_000);
		await expectNoAxeViolations(page, 'python-cell[data-widget="profile"]');
		await page.setViewportSize({ width: 375, height: 800 });
		await cell.scrollIntoViewIfNeeded();
		expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
		const box = await panel.boundingBox();
		expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
	});

	test('the optimize-this challenge fails on the slow starter and passes on the fix, printing the measured ratio', async ({ page }) => {
		test.setTimeout(120_000);
		await page.goto(LESSON);
		const question = page.locator('quiz-question[data-kind="challenge"][data-question="optimize-shared-ids"]');
		await question.scrollIntoViewIfNeeded();
		const check = question.getByRole('button', { name: 'Check', exact: true });
		await check.click();
		await expect(question).toHaveAttribute('data-result', 'incorrect', { timeout: 60_000 });
		await expect(question).toContainText('5x is needed');
		await question.locator('[data-challenge-code]').click();
		const editor = question.getByRole('textbox');
		await expect(editor).toBeVisible();
		await editor.focus();
		await page.keyboard.press('ControlOrMeta+A');
		await page.keyboard.insertText(
			'def shared_ids(orders, customers):\n    known = set(customers)\n    return [i for i in orders if i in known]\n'
		);
		await expect(check).toBeEnabled({ timeout: 60_000 });
		await check.click();
		await expect(question).toHaveAttribute('data-result', 'correct', { timeout: 60_000 });
		await expect(question).toContainText(/yours [\d.]+ ms per call: [\d.]+x as fast/);
	});
});

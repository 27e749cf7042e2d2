/**
 * The parallel widget (`widget="parallel"`) on its lesson, /lessons/threads-and-gil/: an edited CPU-bound program is
 * run, then timed in 1 worker against N fresh interpreters; the figure carries the measured speedup (a finite
 * positive number: never a threshold, the machine is shared), the extra workers are gone afterwards, errors in a
 * worker and Cancel are reported, and the lesson passes axe after its cells ran and fits a 375px phone.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectState, output, run, setCode } from './helpers';

const LESSON = '/lessons/threads-and-gil/';
/** Small enough that the whole timing (start-up, warm-up, N + N runs) stays within seconds. */
const PRIMES = `def count_primes(limit):
    count = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count

print(count_primes(20_000), "primes")
`;

/** Runs once cleanly in any interpreter, and raises on its second run in the same one (each has its own files). */
const SECOND_RUN_FAILS = `import os

if os.path.exists("/tmp/ran-before"):
    raise ValueError("this interpreter already ran me")
open("/tmp/ran-before", "w").close()
print("first run here")
`;

async function widgetCell(page: Page, code: string): Promise<{ cell: Locator; panel: Locator }> {
	const cell = page.locator('python-cell[data-widget="parallel"]').first();
	await setCode(cell, code);
	await run(cell);
	await expectState(cell, 'done', 60_000);
	return { cell, panel: cell.locator('[data-widget-panel="parallel"]') };
}

/** Workers alive in the page: the page's own interpreter, plus any the widget started. */
function workerCount(page: Page): number {
	return page.workers().length;
}

test.describe('parallel widget', () => {
	test('times edited code in 1 worker against N workers and closes them afterwards', async ({
		page,
	}) => {
		test.setTimeout(150_000);
		await page.goto(LESSON);
		const { panel } = await widgetCell(page, PRIMES);
		expect(workerCount(page)).toBe(1);
		const start = panel.getByRole('button', { name: /^Time it: 1 worker against \d workers$/ });
		const n = Number(await panel.getByLabel('Workers (N):').inputValue());
		expect(n).toBeGreaterThanOrEqual(2);
		expect(n).toBeLessThanOrEqual(4);
		await start.click();
		const status = panel.getByRole('status');
		await expect(status).toHaveText(/Starting|loaded|Warming|worker/);
		await expect(panel.getByRole('button', { name: 'Cancel timing' })).toBeVisible();

		const figure = panel.locator('figure[data-parallel]');
		await expect(figure).toBeVisible({ timeout: 120_000 });
		const speedup = Number(await figure.getAttribute('data-speedup'));
		expect(Number.isFinite(speedup)).toBe(true);
		expect(speedup).toBeGreaterThan(0);
		await expect(figure).toHaveAttribute('data-workers', String(n));
		// N runs on each side, each with its own time; the status line announces the result.
		await expect(figure.locator('[data-side="sequential"] li')).toHaveCount(n);
		await expect(figure.locator('[data-side="parallel"] li')).toHaveCount(n);
		await expect(status).toHaveText(/^Timed: speedup ×\d+\.\d\d with \d workers/);
		await expect(panel.locator('.parallel-why')).toContainText('its own GIL');
		const hardware = await page.evaluate(() => navigator.hardwareConcurrency);
		await expect(panel.locator('.parallel-counted')).toContainText(
			`navigator.hardwareConcurrency = ${hardware}`
		);
		// The extra interpreters were terminated: only the page's own worker is left.
		await expect.poll(() => workerCount(page), { timeout: 10_000 }).toBe(1);
		await expect(panel.getByRole('button', { name: 'Cancel timing' })).toBeHidden();
	});

	test('reports an exception raised in a worker, and Cancel closes the workers', async ({
		page,
	}) => {
		test.setTimeout(150_000);
		await page.goto(LESSON);
		const { cell, panel } = await widgetCell(page, SECOND_RUN_FAILS);
		const start = panel.getByRole('button', { name: /^Time it/ });
		await start.click();
		// Every worker's warm-up run is its first (it passes); worker 1's next run finds its own file and raises.
		await expect(panel.locator('[data-parallel-error]')).toHaveText(
			'Your code raised ValueError in worker 1: this interpreter already ran me',
			{ timeout: 120_000 }
		);
		await expect(panel.getByRole('status')).toHaveText('The timing could not finish.');
		await expect.poll(() => workerCount(page), { timeout: 10_000 }).toBe(1);

		// Start again and cancel while the interpreters load.
		await start.click();
		await expect.poll(() => workerCount(page)).toBeGreaterThan(1);
		await panel.getByRole('button', { name: 'Cancel timing' }).click();
		await expect(panel.getByRole('status')).toHaveText(
			'The timing was cancelled; the workers were closed.'
		);
		await expect(start).toBeFocused();
		await expect.poll(() => workerCount(page), { timeout: 10_000 }).toBe(1);

		// Running the cell again while a timing loads ends the timing too. This second run in the page's own
		// interpreter raises, and the widget says there is nothing to time.
		await start.click();
		await expect.poll(() => workerCount(page)).toBeGreaterThan(1);
		await run(cell);
		await expectState(cell, 'error', 60_000);
		await expect.poll(() => workerCount(page), { timeout: 10_000 }).toBe(1);
		await expect(panel).toContainText('Your code raised an exception in the page');
	});

	test('shows the real RuntimeError, passes axe after the cells ran, and fits a phone', async ({
		page,
	}) => {
		test.setTimeout(150_000);
		await page.goto(LESSON);
		const threadCell = page.locator('python-cell[data-label="Thread.start() in the browser"]');
		await run(threadCell);
		await expectState(threadCell, 'error', 60_000);
		await expect(output(threadCell)).toContainText("RuntimeError: can't start new thread");

		const { panel } = await widgetCell(page, PRIMES);
		await panel.getByRole('button', { name: /^Time it/ }).click();
		await expect(panel.locator('figure[data-parallel]')).toBeVisible({ timeout: 120_000 });
		await expectNoAxeViolations(page);
		await page.setViewportSize({ width: 375, height: 800 });
		await expect(panel.locator('figure[data-parallel]')).toBeVisible();
		expect(
			await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			)
		).toBeLessThanOrEqual(0);
		const reach = await panel.evaluate((root) => {
			const parts = [...root.querySelectorAll('.parallel-row > *, .parallel-controls > *, p')];
			return (
				Math.max(...parts.map((part) => part.getBoundingClientRect().right)) - window.innerWidth
			);
		});
		expect(reach).toBeLessThanOrEqual(0);
	});
});

/**
 * The async lesson (/lessons/async/) and its task timeline (`widget="tasks"`): the timeline follows the learner's
 * edits (a new task, a task that never awaits), the browser's stack switching (JSPI) is what the lesson says it is
 * (asyncio.run works, time.sleep lets other tasks run), and the page passes axe in both themes after the widget
 * cells ran, on a desktop and on a 375px phone.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectState, output, run, setCode } from './helpers';

const LESSON = '/lessons/async/';
const TWO_SLEEPS = `import asyncio

async def work(seconds):
    await asyncio.sleep(seconds)

await asyncio.gather(
    asyncio.create_task(work(0.05), name="a"),
    asyncio.create_task(work(0.02), name="b"),
)
`;

// Edited: b sleeps longer than a now, and a third task computes without ever awaiting.
const EDITED = `import asyncio, time

async def work(seconds):
    await asyncio.sleep(seconds)

async def busy():
    end = time.perf_counter() + 0.05
    while time.perf_counter() < end:
        pass

await asyncio.gather(
    asyncio.create_task(work(0.02), name="a"),
    asyncio.create_task(work(0.08), name="b"),
    asyncio.create_task(busy(), name="busy"),
)
`;

function tasksCell(page: Page, index = 0): Locator {
	return page.locator('python-cell[data-widget="tasks"]').nth(index);
}

async function runTimeline(cell: Locator, code?: string): Promise<Locator> {
	if (code !== undefined) await setCode(cell, code);
	await run(cell);
	await expectState(cell, 'done', 60_000);
	return cell.locator('[data-widget-panel="tasks"]');
}

async function rowNames(panel: Locator): Promise<string[]> {
	return panel
		.locator('.tt-row')
		.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['task'] ?? ''));
}

async function marks(row: Locator): Promise<string[]> {
	return row
		.locator('[data-event]')
		.evaluateAll((m) => m.map((n) => (n as HTMLElement).dataset['event'] ?? ''));
}

async function finishedAt(row: Locator): Promise<number> {
	return Number(await row.locator('[data-event="finish"]').getAttribute('data-ms'));
}

async function axe(page: Page): Promise<void> {
	await expectNoAxeViolations(page, 'main');
}

test('the timeline follows an edited program: a changed delay and a new task that never awaits', async ({
	page,
}) => {
	await page.goto(LESSON);
	const cell = tasksCell(page);
	let panel = await runTimeline(cell, TWO_SLEEPS);
	expect(await rowNames(panel)).toEqual(['main', 'a', 'b']);
	for (const name of ['a', 'b'])
		expect(await marks(panel.locator(`[data-task="${name}"]`))).toEqual([
			'start',
			'suspend',
			'resume',
			'finish',
		]);
	// a sleeps longer, so it finishes after b.
	expect(await finishedAt(panel.locator('[data-task="a"]'))).toBeGreaterThan(
		await finishedAt(panel.locator('[data-task="b"]'))
	);

	panel = await runTimeline(cell, EDITED);
	expect(await rowNames(panel)).toEqual(['main', 'a', 'b', 'busy']);
	// Now b sleeps longer: the order of the finishes turned round.
	expect(await finishedAt(panel.locator('[data-task="b"]'))).toBeGreaterThan(
		await finishedAt(panel.locator('[data-task="a"]'))
	);
	// busy never gives up control: one running bar, start to finish.
	const busy = panel.locator('[data-task="busy"]');
	expect(await marks(busy)).toEqual(['start', 'finish']);
	expect(
		await busy
			.locator('[data-span]')
			.evaluateAll((s) => s.map((n) => (n as HTMLElement).dataset['span']))
	).toEqual(['running']);
	await expect(panel.locator('[data-task-events="busy"]')).toContainText(
		'0 suspensions, finished.'
	);
	await expect(panel.locator('[data-tasks-summary]')).toContainText('4 tasks in');
});

test('with JSPI, asyncio.run works and time.sleep lets other tasks run, as the lesson says', async ({
	page,
}) => {
	await page.goto(LESSON);
	const plain = page
		.locator('python-cell', { hasText: 'from pyodide.ffi import can_run_sync' })
		.first();
	await run(plain);
	await expectState(plain, 'done', 60_000);
	await expect(output(plain)).toContainText('stack switching (JSPI) available: True');
	await expect(output(plain)).toContainText('asyncio.run(answer()) -> 42');

	const sleepy = page.locator('python-cell[data-widget="tasks"]', { hasText: 'time.sleep(0.2)' });
	const panel = await runTimeline(sleepy);
	const text = (await output(sleepy).textContent()) ?? '';
	expect(text.indexOf('tick 3')).toBeGreaterThan(-1);
	expect(text.indexOf('tick 3')).toBeLessThan(text.indexOf('time.sleep done'));
	// The sleeper never yielded, yet the ticker's events fall inside its one running bar.
	const sleeper = panel.locator('.tt-row').filter({ hasText: 'sleeper' });
	expect(await marks(sleeper)).toEqual(['start', 'finish']);
	const [from, to] = await sleeper
		.locator('[data-event]')
		.evaluateAll((m) => m.map((n) => Number((n as HTMLElement).dataset['ms'])));
	const tickerTimes = await panel
		.locator('.tt-row')
		.filter({ hasText: 'ticker' })
		.locator('[data-event="resume"]')
		.evaluateAll((m) => m.map((n) => Number((n as HTMLElement).dataset['ms'])));
	expect(
		tickerTimes.filter((ms) => ms > (from ?? 0) && ms < (to ?? 0)).length
	).toBeGreaterThanOrEqual(2);
	await expect(panel.locator('[data-tasks-summary]')).toContainText(
		'the task was paused without an await'
	);
});

test('axe after every timeline ran, in both themes; a 375px phone does not scroll sideways', async ({
	page,
}) => {
	await page.setViewportSize({ width: 375, height: 800 });
	await page.goto(LESSON);
	const cells = page.locator('python-cell[data-widget="tasks"]');
	const count = await cells.count();
	expect(count).toBeGreaterThanOrEqual(3);
	for (let i = 0; i < count; i += 1) {
		const panel = await runTimeline(cells.nth(i));
		await expect(panel.locator('.tt-row').first()).toBeVisible();
	}
	await expect(page.locator('[data-task="stuck"] [data-event="cancel"]')).toHaveCount(1);
	expect(
		await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		)
	).toBeLessThanOrEqual(0);
	await axe(page);
});

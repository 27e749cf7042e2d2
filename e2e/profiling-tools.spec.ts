/**
 * The profiling widgets on edited code: the timeit distribution (`widget="timeit"`) and the line heat map
 * (`widget="heatmap"`). They run on the first lesson cell using them (found from the MDX sources); until a lesson
 * has one, on the playground's cell turned into a widget cell. Each is read like a learner would, scanned with axe
 * in both themes after the runs, and fits a 375px phone without the page scrolling sideways. No timing threshold is
 * asserted: only structure, and relations that hold by construction.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectState, output, run, setCode } from './helpers';

const LESSONS = join(import.meta.dirname, '..', 'content', 'lessons');

/** The first lesson with a cell using `name`, or null. */
function lessonWith(name: string): string | null {
	for (const file of readdirSync(LESSONS)
		.filter((f) => f.endsWith('.mdx') && !f.startsWith('_'))
		.sort()) {
		if (readFileSync(join(LESSONS, file), 'utf8').includes(`widget="${name}"`))
			return `/lessons/${file.replace(/^\d+-/, '').replace(/\.mdx$/, '')}/`;
	}
	return null;
}

/** A cell with widget `name`: on its lesson, or the playground's cell given the widget (as a lesson would). */
async function widgetCell(page: Page, name: string): Promise<Locator> {
	const lesson = lessonWith(name);
	if (lesson) {
		await page.goto(lesson);
	} else {
		await page.goto('/playground/');
		await page.evaluate((widget) => {
			const cell = document.querySelector<HTMLElement>('python-cell[data-cell]');
			if (!cell) throw new Error('no playground cell');
			cell.dataset['widget'] = widget;
			const panel = document.createElement('div');
			panel.className = 'cell-widget';
			panel.dataset['widgetPanel'] = widget;
			panel.hidden = true;
			cell.querySelector('figure')?.append(panel);
		}, name);
	}
	return page.locator(`python-cell[data-widget="${name}"]`).first();
}

async function runCode(cell: Locator, code: string, state = 'done'): Promise<void> {
	await setCode(cell, code);
	await run(cell);
	await expectState(cell, state, 60_000);
}

async function axe(page: Page, selector: string): Promise<void> {
	await expectNoAxeViolations(page, selector);
}

/** On a 375px phone: the page does not scroll sideways, and no part of the panel reaches past the window. */
async function fitsPhone(page: Page, panel: Locator): Promise<void> {
	await page.setViewportSize({ width: 375, height: 800 });
	expect(
		await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		)
	).toBeLessThanOrEqual(0);
	const reach = await panel.evaluate((root) => {
		const parts = [...root.querySelectorAll(':scope > * > *')];
		return Math.max(...parts.map((part) => part.getBoundingClientRect().right)) - window.innerWidth;
	});
	expect(reach).toBeLessThanOrEqual(0);
}

const TIMED = `data = list(range(500))
print("setup ran")
total = sum(x * x for x in data)
`;

const LOOPS = `def square_sum(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

for _ in range(4):
    square_sum(250)
print(square_sum(10))
`;

test.describe('profiling widgets', () => {
	test('timeit: every repeat of the edited last statement is a dot; re-timing with 5 repeats does not re-run the setup', async ({
		page,
	}) => {
		test.setTimeout(120_000);
		const cell = await widgetCell(page, 'timeit');
		await runCode(cell, TIMED);
		const panel = cell.locator('[data-widget-panel="timeit"]');
		const summary = panel.locator('[data-timeit-summary]');
		await expect(summary).toHaveText(
			/^min [\d.]+ [nµm]?s per loop, median [\d.]+ [nµm]?s, \d+ repeats of [\d,]+ loops\.$/
		);
		await expect(panel.locator('pre.ti-statement')).toHaveText('total = sum(x * x for x in data)');
		const repeats = Number(/(\d+) repeats/.exec((await summary.textContent()) ?? '')?.[1]);
		expect(repeats).toBeGreaterThanOrEqual(1);
		expect(repeats).toBeLessThanOrEqual(20);
		await expect(panel.locator('.ti-dot[data-repeat]')).toHaveCount(repeats);
		await expect(panel.locator('[data-marker="min"]')).toHaveText('min');
		await expect(panel.locator('[data-marker="median"]')).toHaveText('median');
		await expect(panel.locator('.ti-table tbody tr')).toHaveCount(repeats);
		// The fastest dot sits on the min line.
		const left = (locator: Locator) => locator.evaluate((node) => (node as HTMLElement).style.left);
		expect(await left(panel.locator('.ti-dot-min').first())).toBe(
			await left(panel.locator('[data-marker="min"]'))
		);

		// Five repeats, by keyboard: the statement is timed again in the namespace the run left; the cell's output
		// (the setup's print) is still the one line of its single run.
		await panel.getByLabel('Repeats', { exact: true }).selectOption('5');
		await panel.getByRole('button', { name: 'Time again' }).focus();
		await page.keyboard.press('Enter');
		await expect(panel.locator('[role="status"]')).toHaveText(
			/^Timed: 5 repeats of [\d,]+ loops\.$/,
			{ timeout: 30_000 }
		);
		await expect(summary).toHaveText(/, 5 repeats of [\d,]+ loops\.$/);
		await expect(panel.locator('.ti-dot[data-repeat]')).toHaveCount(5);
		await expect(panel.getByRole('button', { name: 'Time again' })).toBeFocused();
		await expect(output(cell)).toHaveText('setup ran');

		await axe(page, 'python-cell[data-widget="timeit"]');
		await fitsPhone(page, panel);
	});

	test('timeit: a cell that ends with a definition gets a message instead of a timing', async ({
		page,
	}) => {
		const cell = await widgetCell(page, 'timeit');
		await runCode(cell, 'import math\n\ndef area(r):\n    return math.pi * r * r\n');
		const panel = cell.locator('[data-widget-panel="timeit"]');
		await expect(panel.locator('[data-timeit-summary]')).toHaveText(
			/^The last statement \(line 3\) defines the function area: timing it would only time making the function\./
		);
		await expect(panel.locator('.ti-dot')).toHaveCount(0);
	});

	test('heatmap: the edited loop’s body line counts every iteration, and the hottest line is named', async ({
		page,
	}) => {
		test.setTimeout(120_000);
		const cell = await widgetCell(page, 'heatmap');
		await runCode(cell, LOOPS);
		await expect(output(cell)).toHaveText('285');
		const panel = cell.locator('[data-widget-panel="heatmap"]');
		const row = (line: number) => panel.locator(`tr[data-line="${line}"]`);
		// square_sum ran 5 times: 4 × 250 + 10 iterations of its body.
		await expect(row(4)).toHaveAttribute('data-hits', String(4 * 250 + 10));
		await expect(row(4).locator('.hm-hits')).toHaveText('1,010');
		await expect(row(8)).toHaveAttribute('data-hits', '4');
		await expect(row(6)).not.toHaveAttribute('data-hits', /.*/);
		await expect(panel.locator('tbody tr')).toHaveCount(9);
		await expect(panel.locator('[data-heatmap-summary]')).toHaveText(
			/^The hottest line is line \d+ \(.+\): about [\d.<]+% of the time/
		);
		const shares = await panel
			.locator('tr[data-share]')
			.evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset['share'])));
		expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
		await expect(panel.locator('tr.hm-hottest')).toHaveCount(1);

		await axe(page, 'python-cell[data-widget="heatmap"]');
		await fitsPhone(page, panel);
	});
});

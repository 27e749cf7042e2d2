/**
 * The virtual-machine widgets on their lessons: the frame stack stepper (`widget="frames"`, /lessons/frames/) and
 * the garbage-collection timeline (`widget="gc-timeline"`, /lessons/garbage-collection/). Each runs an edited
 * program, is stepped or read like a learner would, is scanned with axe in both themes after the runs, and fits a
 * 375px phone without the page scrolling sideways.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectState, run, setCode } from './helpers';

const FRAMES_LESSON = '/lessons/frames/';
const GC_LESSON = '/lessons/garbage-collection/';
const FACTORIAL = `def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

print(fact(5))
`;

const GENERATOR = `def count_up(limit):
    i = 0
    while i < limit:
        yield i
        i += 1

for value in count_up(2):
    print(value)
`;

const CYCLES = `import gc

class Node:
    def __init__(self):
        self.other = None

for _ in range(30_000):
    a, b = Node(), Node()
    a.other, b.other = b, a

gc.collect()
`;

async function runWidget(
	page: Page,
	name: string,
	code: string
): Promise<{ cell: Locator; panel: Locator }> {
	const cell = page.locator(`python-cell[data-widget="${name}"]`).first();
	await setCode(cell, code);
	await run(cell);
	await expectState(cell, 'done', 60_000);
	return { cell, panel: cell.locator(`[data-widget-panel="${name}"]`) };
}

async function axe(page: Page, selector: string): Promise<void> {
	await expectNoAxeViolations(page, selector);
}

async function sidewaysOverflow(page: Page): Promise<number> {
	return page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
}

/** How far the widget's own parts reach past the window's right edge (a clipped box hides text without scrolling). */
async function widestPart(panel: Locator): Promise<number> {
	return panel.evaluate((root) => {
		const parts = [...root.querySelectorAll(':scope > * > *')];
		return Math.max(...parts.map((part) => part.getBoundingClientRect().right)) - window.innerWidth;
	});
}

test.describe('frames', () => {
	test('steps an edited recursive program forward and back, one frame per call', async ({
		page,
	}) => {
		await page.goto(FRAMES_LESSON);
		const { panel } = await runWidget(page, 'frames', FACTORIAL);
		const counter = panel.locator('[data-step-counter]');
		const narration = panel.locator('[data-narration]');
		await expect(counter).toHaveText(/^Step 1 of \d+$/);
		await expect(narration).toHaveText('Line 1 in the module: 1 frame deep.');
		await expect(panel.locator('li[aria-current="step"]')).toHaveAttribute('data-line', '1');

		// Step forward until the deepest call: the module and five fact frames, each with its own n.
		const forward = panel.getByRole('button', { name: 'Step ▶' });
		const depths: number[] = [];
		for (let i = 0; i < 40; i += 1) {
			depths.push(await panel.locator('[data-frame]').count());
			if (depths.at(-1) === 6) break;
			await forward.click();
		}
		expect(depths.at(-1)).toBe(6);
		expect(depths.slice(0, 3)).toEqual([1, 1, 2]);
		const frames = panel.locator('[data-frame]');
		expect(
			await frames.evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset['frame']))
		).toEqual(['fact', 'fact', 'fact', 'fact', 'fact', '<module>']);
		expect(await panel.locator('.fs-frame:not(.fs-module) td').allTextContents()).toEqual([
			'1',
			'2',
			'3',
			'4',
			'5',
		]);
		await expect(narration).toHaveText('Line 2 in fact(n=1): 6 frames deep.');
		const at = await counter.textContent();

		// Step back: one frame fewer, the counter goes down.
		await panel.getByRole('button', { name: '◀ Step back' }).click();
		await expect(counter).not.toHaveText(at ?? '');
		expect(await panel.locator('[data-frame]').count()).toBe(5);

		// By keyboard: arrows step while the controls have focus.
		await forward.focus();
		await page.keyboard.press('ArrowRight');
		await expect(counter).toHaveText(at ?? '');
		await page.keyboard.press('ArrowRight');
		await expect(narration).toHaveText('Line 3 in fact(n=1): 6 frames deep.');
		await page.keyboard.press('ArrowRight');
		await expect(narration).toHaveText(
			'fact(n=1) returns 1 from line 3: its frame is popped, 5 frames left.'
		);

		// The last step: the module's frame ends; the output is the program's.
		await panel.getByRole('button', { name: 'Last', exact: true }).click();
		await expect(narration).toHaveText(/^The module's code ends at line 6/);
		await expect(panel.getByRole('button', { name: 'Step ▶' })).toHaveAttribute(
			'aria-disabled',
			'true'
		);
	});

	test('keeps a generator’s frame between resumes', async ({ page }) => {
		await page.goto(FRAMES_LESSON);
		const { panel } = await runWidget(page, 'frames', GENERATOR);
		const narration = panel.locator('[data-narration]');
		const forward = panel.getByRole('button', { name: 'Step ▶' });
		const seen: string[] = [];
		for (let i = 0; i < 60 && seen.length < 2; i += 1) {
			await forward.click();
			const text = (await narration.textContent()) ?? '';
			if (/yields|resumes/.test(text)) seen.push(text);
		}
		expect(seen[0]).toMatch(
			/^count_up\(limit=2\) yields 0 at line 4: the generator is suspended and keeps frame #(\d+)/
		);
		const id = /frame #(\d+)/.exec(seen[0] ?? '')?.[1];
		expect(seen[1]).toBe(
			`count_up(limit=2) resumes at line 4 with the same frame #${id}: 2 frames deep.`
		);
		await expect(panel.locator('[data-frame="count_up"]')).toHaveAttribute(
			'data-frame-id',
			id ?? ''
		);
	});

	test('passes axe in light and dark after a run, and fits a phone', async ({ page }) => {
		await page.goto(FRAMES_LESSON);
		const { panel } = await runWidget(page, 'frames', FACTORIAL);
		await panel.getByRole('button', { name: 'Step ▶' }).click();
		await axe(page, 'python-cell[data-widget="frames"]');
		await page.setViewportSize({ width: 375, height: 800 });
		await expect(panel.locator('[data-frame]').first()).toBeVisible();
		expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
		expect(await widestPart(panel)).toBeLessThanOrEqual(0);
	});
});

test.describe('gc-timeline', () => {
	test('draws a mark for every collection of an allocating loop, with gc.collect() marked', async ({
		page,
	}) => {
		await page.goto(GC_LESSON);
		const { panel } = await runWidget(page, 'gc-timeline', CYCLES);
		const marks = panel.locator('[data-collection]');
		await expect(marks.first()).toBeAttached();
		const data = await marks.evaluateAll((nodes) =>
			nodes.map((n) => {
				const d = (n as HTMLElement).dataset;
				return {
					index: Number(d['collection']),
					generation: Number(d['generation']),
					collected: Number(d['collected']),
					explicit: n.classList.contains('gct-explicit'),
				};
			})
		);
		expect(data.length).toBeGreaterThanOrEqual(2);
		expect(data.some((c) => !c.explicit && c.generation === 1 && c.collected > 0)).toBe(true);
		const explicit = data.filter((c) => c.explicit);
		expect(explicit).toHaveLength(1);
		expect(explicit[0]?.generation).toBe(2);
		// The last collection is the explicit one: gc.collect() ends the program.
		expect(explicit[0]?.index).toBe(Math.max(...data.map((c) => c.index)));
		// The same numbers in the table.
		const rows = panel.locator('tbody tr[data-collection-row]');
		await expect(rows).toHaveCount(data.length);
		const total = data.reduce((sum, c) => sum + c.collected, 0);
		await expect(panel.locator('[data-gc-summary]')).toHaveText(
			new RegExp(
				`^${data.length} collections; ${total.toLocaleString('en')} objects collected; largest in generation [12]`
			)
		);
		await expect(rows.last()).toContainText('gc.collect()');
	});

	test('passes axe in light and dark after a run, and fits a phone', async ({ page }) => {
		await page.goto(GC_LESSON);
		const { panel } = await runWidget(page, 'gc-timeline', CYCLES);
		await expect(panel.locator('[data-collection]').first()).toBeAttached();
		await axe(page, 'python-cell[data-widget="gc-timeline"]');
		await page.setViewportSize({ width: 375, height: 800 });
		await expect(panel.locator('table')).toBeVisible();
		expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
		expect(await widestPart(panel)).toBeLessThanOrEqual(0);
	});
});

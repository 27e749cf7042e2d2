/**
 * Accessibility beyond the per-page axe scan of site.spec.ts:
 * - a keyboard-only walk-through: Tab, Shift+Tab, Enter, Space, arrow keys and Escape only (no clicks, no
 *   element.focus()), with a visible focus indicator at every stop and no focus trap;
 * - prefers-reduced-motion: nothing animates, transitions or scrolls smoothly when the learner asks for less motion;
 * - axe on widget and quiz states that only interaction opens.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellOf, expectState, output, run, setCode } from './helpers';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * What has focus, and whether it shows: an outline or a box shadow on it (or on its editor, for CodeMirror), or for an
 * SVG group a stroke in the focus colour.
 */
interface Focused {
	description: string;
	visible: boolean;
	matches: boolean;
}

function focusedState(page: Page, selector: string): Promise<Focused> {
	return page.evaluate((selector) => {
		const element = document.activeElement;
		if (!element || element === document.body) return { description: 'nothing (body)', visible: false, matches: false };
		// CodeMirror focuses its content element and draws the ring on the editor around it (.cm-focused).
		const ringed = element.closest('.cm-editor') ?? element;
		const style = getComputedStyle(ringed);
		const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
		const shadow = style.boxShadow !== 'none';
		// An SVG group (the profile's icicle frames) rings itself with its rect's stroke in the focus colour.
		const rect = element instanceof SVGGElement ? element.querySelector('rect') : null;
		const focusColour = getComputedStyle(document.body).getPropertyValue('--focus').trim();
		const probe = document.createElement('span');
		probe.style.color = focusColour;
		document.body.append(probe);
		const focusRgb = getComputedStyle(probe).color;
		probe.remove();
		const stroked = rect !== null && getComputedStyle(rect).stroke === focusRgb;
		const box = ringed.getBoundingClientRect();
		const onScreen = box.width > 0 && box.height > 0 && box.right > 0 && box.left < window.innerWidth;
		const name =
			element.getAttribute('aria-label') ?? (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
		return {
			description: `<${element.tagName.toLowerCase()}${element.getAttribute('class') ? ` class="${element.getAttribute('class')}"` : ''}> ${name}`,
			visible: (outline || shadow || stroked) && onScreen,
			matches: element.matches(selector),
		};
	}, selector);
}

/**
 * Press Tab (or Shift+Tab) until the focused element matches `selector`, checking that every stop on the way shows
 * its focus. Fails if the target is not reached within `max` presses (a trap, or a missing stop).
 */
async function tabTo(page: Page, selector: string, { back = false, max = 400 } = {}): Promise<void> {
	const hidden: string[] = [];
	for (let presses = 0; presses < max; presses++) {
		await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
		let focused = await focusedState(page, selector);
		if (!focused.visible) {
			// CodeMirror marks itself focused a few milliseconds after the focus event: look again.
			await page.waitForTimeout(100);
			focused = await focusedState(page, selector);
		}
		if (!focused.visible) hidden.push(focused.description);
		if (focused.matches) {
			expect(hidden, 'stops without a visible focus indicator').toEqual([]);
			return;
		}
	}
	throw new Error(`${selector} not reached in ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

async function expectVisibleFocusOn(page: Page, selector: string): Promise<void> {
	await expect.poll(() => focusedState(page, selector)).toEqual(expect.objectContaining({ matches: true, visible: true }));
}

const LESSON = '/lessons/scripts-and-modules/';
const NEXT_LESSON = '/lessons/tokens-and-ast/';

test('keyboard only: reach a lesson from the map, run and stop a cell, answer questions, move between lessons', async ({
	page,
}) => {
	test.setTimeout(120_000);
	await page.goto('/');
	// The map's "Your code" box leads to lesson 2.
	await tabTo(page, '.lifecycle-map a[data-map-node="code"]');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`${LESSON}$`));

	// Run the first cell with its Run button.
	const cell = cellOf(page, 0);
	await tabTo(page, 'python-cell[data-cell] [data-code] pre');
	await page.keyboard.press('Tab');
	await expectVisibleFocusOn(page, 'python-cell button[data-action="run"]');
	await page.keyboard.press('Enter');
	await expectState(cell, 'done');
	await expect(output(cell)).not.toBeEmpty();
	// Focus is still somewhere visible in the cell, not lost to the page.
	await expectVisibleFocusOn(page, 'python-cell button');

	// Edit the code (Enter on the code opens the editor), start an endless loop with Ctrl/Cmd+Enter.
	await tabTo(page, 'python-cell[data-cell] [data-code] pre', { back: true, max: 5 });
	await page.keyboard.press('Enter');
	const editor = cell.getByRole('textbox');
	await expect(editor).toBeFocused();
	await expectVisibleFocusOn(page, '.cm-content');
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.type('while True: pass');
	// Tab indents inside the editor (it does not leave it) ...
	await page.keyboard.press('Tab');
	await expect(editor).toBeFocused();
	await page.keyboard.press('Shift+Tab');
	await expect(editor).toContainText('while True: pass');
	await page.keyboard.press('ControlOrMeta+Enter');
	await expectState(cell, 'running');
	// ... and the editor says how to leave it: Escape, then Tab.
	await expect(editor).toHaveAccessibleDescription(/Escape, then Tab/);
	await page.keyboard.press('Escape');
	await page.keyboard.press('Tab');
	await expectVisibleFocusOn(page, 'python-cell button[data-action="stop"]');
	await page.keyboard.press('Enter');
	await expectState(cell, 'done', 5_000);
	await expect(output(cell)).toContainText('KeyboardInterrupt');
	await expectVisibleFocusOn(page, 'python-cell button');

	// Back into the editor by Shift+Tab, new code, run it with Ctrl/Cmd+Enter.
	await tabTo(page, '.cm-content', { back: true, max: 5 });
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.type('print("typed by keyboard")');
	await page.keyboard.press('ControlOrMeta+Enter');
	await expectState(cell, 'done');
	await expect(output(cell)).toContainText('typed by keyboard');
	await page.keyboard.press('Escape');
	await page.keyboard.press('Tab');
	await expectVisibleFocusOn(page, 'python-cell button');

	// A choice question: Tab into the radio group, arrow keys choose, Check answer.
	const choice = page.locator('quiz-question[data-question="name-when-imported"]');
	const options = await choice.locator('[data-option]').evaluateAll((all) => all.map((o) => o.hasAttribute('data-correct')));
	await tabTo(page, 'quiz-question[data-question="name-when-imported"] input');
	await page.keyboard.press('Space');
	for (let i = 0; i < options.indexOf(true); i++) await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Tab');
	await expectVisibleFocusOn(page, 'quiz-question[data-question="name-when-imported"] button[data-check]');
	await page.keyboard.press('Enter');
	await expect(choice).toHaveAttribute('data-result', 'correct');
	await expect(choice.getByRole('status')).toContainText('Correct');
	await expectVisibleFocusOn(page, 'quiz-question[data-question="name-when-imported"] button[data-check]');

	// A predict question: type a prediction, check it; grading runs Python, and focus stays on the button meanwhile.
	const predict = page.locator('quiz-question[data-question="import-three-times"]');
	await tabTo(page, 'quiz-question[data-question="import-three-times"] textarea');
	await page.keyboard.type('loading');
	await page.keyboard.press('Tab');
	await expectVisibleFocusOn(page, 'quiz-question[data-question="import-three-times"] button[data-check]');
	await page.keyboard.press('Enter');
	await expect(predict).toHaveAttribute('data-result', 'incorrect');
	await expect(predict.getByRole('status')).toContainText('Not quite');
	await expectVisibleFocusOn(page, 'quiz-question[data-question="import-three-times"] button[data-check]');

	// An order question: move each step up into place with its Move up button; the moved step keeps focus.
	const order = page.locator('quiz-question[data-question="import-steps"]');
	const stepCount = await order.locator('li[data-order-step]').count();
	for (let target = 0; target < stepCount; target++) {
		const at = await order
			.locator('li[data-order-step]')
			.evaluateAll((steps, target) => steps.findIndex((s) => s.getAttribute('data-order-step') === String(target)), target);
		if (at === target) continue;
		const up = `quiz-question[data-question="import-steps"] li[data-order-step="${target}"] button[data-move="up"]`;
		await tabTo(page, up, { back: await precedesFocus(page, up) });
		for (let moves = at; moves > target; moves--) await page.keyboard.press('Enter');
		await expectVisibleFocusOn(page, `quiz-question[data-question="import-steps"] li[data-order-step="${target}"] button`);
	}
	await tabTo(page, 'quiz-question[data-question="import-steps"] button[data-check]');
	await page.keyboard.press('Enter');
	await expect(order).toHaveAttribute('data-result', 'correct');
	await expectVisibleFocusOn(page, 'quiz-question[data-question="import-steps"] button[data-check]');

	// The pager leads on to the next lesson.
	await tabTo(page, '.pager a[rel="next"]');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`${NEXT_LESSON}$`));

	// The skip link is the first stop, shown when focused, and lands in the lesson, past header and sidebar.
	await page.keyboard.press('Tab');
	await expectVisibleFocusOn(page, 'a.skip-link');
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();
	await page.keyboard.press('Tab');
	expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
	// Back through the sidebar's lesson list to the lesson before.
	await tabTo(page, `.lesson-nav a[href$="${LESSON}"]`, { back: true });
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`${LESSON}$`));
	await expect(choice).toHaveAttribute('data-result', 'correct');
});

/** Whether the element matching `selector` comes before the focused element in the document (reach it by Shift+Tab). */
function precedesFocus(page: Page, selector: string): Promise<boolean> {
	return page.evaluate((selector) => {
		const target = document.querySelector(selector);
		const focused = document.activeElement;
		if (!target || !focused) return false;
		return Boolean(focused.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING);
	}, selector);
}

/** Every element or pseudo-element that animates, transitions or scrolls smoothly, described. */
function movingParts(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const moving: string[] = [];
		const lasts = (durations: string) => durations.split(',').some((d) => parseFloat(d) > 0);
		for (const element of document.querySelectorAll('*')) {
			for (const pseudo of [null, '::before', '::after']) {
				const style = getComputedStyle(element, pseudo);
				const what = [
					style.animationName !== 'none' || lasts(style.animationDuration) ? `animation ${style.animationName}` : '',
					lasts(style.transitionDuration) ? `transition ${style.transitionProperty}` : '',
					style.scrollBehavior === 'smooth' ? 'smooth scrolling' : '',
				].filter(Boolean);
				if (what.length > 0) moving.push(`${element.tagName.toLowerCase()}.${String(element.className)}${pseudo ?? ''}: ${what.join(', ')}`);
			}
		}
		return moving;
	});
}

test('prefers-reduced-motion: reduce stops every animation, transition and smooth scroll', async ({ page }) => {
	await page.goto(LESSON);
	// The editor's cursor blinks (a CSS animation) while it has focus.
	const cell = cellOf(page, 0);
	await setCode(cell, 'print("still")');
	const cursor = cell.locator('.cm-cursorLayer');
	expect(await cursor.evaluate((layer) => getComputedStyle(layer).animationName)).not.toBe('none');
	expect(await movingParts(page)).not.toEqual([]);

	await page.emulateMedia({ reducedMotion: 'reduce' });
	expect(await cursor.evaluate((layer) => getComputedStyle(layer).animationDuration)).toBe('0s');
	expect(await movingParts(page)).toEqual([]);
	await run(cell);
	await expectState(cell, 'done');
	expect(await movingParts(page)).toEqual([]);
	await page.goto('/');
	expect(await movingParts(page)).toEqual([]);
});

test('scripts never scroll smoothly or animate without checking prefers-reduced-motion', () => {
	// CSS motion is covered by the global rule (checked above on real pages); script motion must check for itself.
	const root = join(import.meta.dirname, '..', 'src');
	const offenders = readdirSync(root, { recursive: true, encoding: 'utf8' })
		.filter((file) => /\.(ts|astro|mjs)$/.test(file) && !/\.test\.ts$/.test(file))
		.filter((file) => {
			const source = readFileSync(join(root, file), 'utf8');
			const moves = /behavior:\s*['"]smooth['"]|\.animate\(|scroll-behavior:\s*smooth/.test(source);
			return moves && !source.includes('prefers-reduced-motion');
		});
	expect(offenders).toEqual([]);
});

async function axe(page: Page): Promise<void> {
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
		const found = results.violations.map(
			(v) => `${colorScheme}: ${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html} ${n.failureSummary ?? ''}`).join(', ')}`
		);
		expect(found).toEqual([]);
	}
}

test('axe finds nothing in states opened by interaction: wrong answers, the editor, input(), the bytecode explainer', async ({
	page,
}) => {
	test.setTimeout(120_000);
	// Wrong answers revealed, for a choice, a predict (with the real output) and an order question; an open editor.
	await page.goto(LESSON);
	const choice = page.locator('quiz-question[data-question="name-when-imported"]');
	await choice.locator('[data-option]:not([data-correct]) input').first().check();
	await choice.getByRole('button', { name: 'Check answer' }).click();
	await expect(choice).toHaveAttribute('data-result', 'incorrect');
	const predict = page.locator('quiz-question[data-question="import-three-times"]');
	await predict.getByRole('textbox').fill('nothing');
	await predict.getByRole('button', { name: 'Check answer' }).click();
	await expect(predict).toHaveAttribute('data-result', 'incorrect', { timeout: 30_000 });
	await expect(predict.locator('.question-actual pre')).toBeVisible();
	const order = page.locator('quiz-question[data-question="import-steps"]');
	// As shown, the steps are shuffled out of order.
	await order.getByRole('button', { name: 'Check answer' }).click();
	await expect(order).toHaveAttribute('data-result', 'incorrect');
	await expect(order.locator('[data-order-verdict]:not([hidden])').first()).toBeVisible();
	await setCode(cellOf(page, 0), 'raise ValueError("shown as a traceback")');
	await run(cellOf(page, 0));
	await expectState(cellOf(page, 0), 'error');
	await axe(page);

	// The playground asking for input().
	await page.goto('/playground/');
	const playground = cellOf(page, 0);
	await setCode(playground, 'name = input("name? ")\nprint(name)');
	await run(playground);
	await expect(playground.getByLabel('Input for the program:')).toBeFocused();
	await axe(page);

	// The bytecode explorer with an opcode explained, in the adaptive view with inline caches shown.
	await page.goto('/lessons/compiler-and-code-objects/');
	const bytecode = page.locator('python-cell[data-widget="bytecode"]').first();
	await run(bytecode);
	await expectState(bytecode, 'done', 60_000);
	const panel = bytecode.locator('[data-widget-panel="bytecode"]');
	await panel.getByLabel('Specialized (adaptive) view').check();
	await panel.getByLabel('Show inline caches').check();
	await panel.locator('button.bx-explain').first().click();
	await expect(panel.locator('[data-bx-explain]')).not.toBeEmpty();
	await axe(page);
});

test('Tab runs through lessons full of widgets and back, each stop visibly focused, widgets run by keyboard', async ({
	page,
}) => {
	test.setTimeout(120_000);
	for (const path of ['/lessons/tokens-and-ast/', '/lessons/profiling/']) {
		await page.goto(path);
		const end = '.pager a:last-of-type';
		const hidden: string[] = [];
		let presses = 0;
		for (; presses < 1000; presses++) {
			await page.keyboard.press('Tab');
			let focused = await focusedState(page, end);
			if (!focused.visible) {
				await page.waitForTimeout(100);
				focused = await focusedState(page, end);
			}
			if (!focused.visible) hidden.push(focused.description);
			if (focused.matches) break;
			// Run each widget cell on the way (Enter on its Run button), so Tab then passes through what it drew.
			const cellIndex = await page.evaluate(() => {
				const button = document.activeElement;
				if (!button?.matches('python-cell[data-widget] button[data-action="run"]:not([data-ran])')) return -1;
				return [...document.querySelectorAll('python-cell[data-cell]')].findIndex((cell) => cell.contains(button));
			});
			if (cellIndex >= 0) {
				await page.keyboard.press('Enter');
				await expectState(cellOf(page, cellIndex), /done|error/, 60_000);
				// Focus went to Stop during the run and came back to Run.
				await expectVisibleFocusOn(page, 'python-cell button[data-action="run"]');
				await page.evaluate(() => document.activeElement?.setAttribute('data-ran', ''));
			}
		}
		expect(presses, `${path}: the pager at the end was not reached`).toBeLessThan(1000);
		expect(await page.locator('python-cell[data-widget] button[data-ran]').count()).toBe(
			await page.locator('python-cell[data-widget]').count()
		);
		await tabTo(page, 'a.skip-link', { back: true, max: presses + 10 });
		expect(hidden, `${path}: stops without a visible focus indicator`).toEqual([]);
	}
});

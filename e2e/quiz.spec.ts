import { expect, test, type Locator, type Page } from '@playwright/test';
import { lessonPaths } from './helpers';

/** Answer a question correctly, reading the key from the markup (choice) or from Python's real output (predict). */
async function answerCorrectly(question: Locator): Promise<void> {
	const kind = await question.getAttribute('data-kind');
	if (kind === 'choice') {
		const options = question.locator('[data-option]');
		for (let i = 0; i < (await options.count()); i++) {
			const option = options.nth(i);
			const input = option.locator('input');
			if ((await option.getAttribute('data-correct')) !== null) await input.check();
			else if ((await input.getAttribute('type')) === 'checkbox') await input.uncheck();
		}
		await question.getByRole('button', { name: 'Check answer' }).click();
	} else {
		const field = question.getByRole('textbox');
		await field.fill('surely not this');
		await question.getByRole('button', { name: 'Check answer' }).click();
		await expect(question).toHaveAttribute('data-result', 'incorrect', { timeout: 30_000 });
		const printed = (await question.locator('.question-actual pre').textContent()) ?? '';
		await field.fill(printed);
		await question.getByRole('button', { name: 'Check answer' }).click();
	}
	await expect(question).toHaveAttribute('data-result', 'correct', { timeout: 30_000 });
}

async function firstLesson(page: Page): Promise<string> {
	const [path] = await lessonPaths(page);
	if (!path) throw new Error('no lesson linked from the home page');
	return path;
}

test.describe('quizzes and progress', () => {
	test('a wrong choice is marked incorrect with explanations, announced in a status region', async ({ page }) => {
		await page.goto(await firstLesson(page));
		const question = page.locator('quiz-question[data-kind="choice"]').first();
		await expect(question).toHaveAttribute('data-result', 'unanswered');
		const wrong = question.locator('[data-option]:not([data-correct]) input').first();
		await wrong.check();
		await question.getByRole('button', { name: 'Check answer' }).click();
		await expect(question).toHaveAttribute('data-result', 'incorrect');
		await expect(question.getByRole('status')).toContainText('Not quite');
		await expect(question.locator('.option-explain').first()).toBeVisible();
	});

	test('a predict question is graded by running the snippet', async ({ page }) => {
		await page.goto(await firstLesson(page));
		const question = page.locator('quiz-question[data-kind="predict"]').first();
		await answerCorrectly(question);
		await expect(question.getByRole('status')).toContainText('Correct');
	});

	test('answering every question completes the lesson, remembered after reload and on the progress page', async ({
		page,
	}) => {
		const path = await firstLesson(page);
		await page.goto(path);
		const questions = page.locator('quiz-question');
		const total = await questions.count();
		expect(total).toBeGreaterThanOrEqual(5);
		for (let i = 0; i < total; i++) await answerCorrectly(questions.nth(i));
		await expect(page.locator('[data-quiz-score]')).toContainText(`Lesson complete: all ${total} questions`);
		const slug = path.split('/').filter(Boolean).at(-1) ?? '';
		const link = page.locator(`.lesson-nav [data-lesson-link="${slug}"]`);
		await expect(link).toHaveAttribute('data-complete', 'true');
		await expect(link).toContainText('(completed)');

		await page.reload();
		await expect(page.locator('quiz-question[data-result="correct"]')).toHaveCount(total);
		await expect(page.locator('[data-quiz-score]')).toContainText('Lesson complete');

		await page.goto('/progress/');
		await expect(page.locator(`[data-progress-row="${slug}"]`)).toContainText('Complete');
		await expect(page.locator('[data-progress-summary]')).toContainText('1 of');

		// Export, reset, import: the lesson is complete again.
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export progress' }).click();
		const file = await (await download).path();
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: 'Reset progress' }).click();
		await expect(page.locator(`[data-progress-row="${slug}"]`)).toContainText('Not started');
		await page.getByLabel('Import progress from a file').setInputFiles(file);
		await expect(page.locator('[data-progress-message]')).toContainText('Progress imported');
		await expect(page.locator(`[data-progress-row="${slug}"]`)).toContainText('Complete');
	});

	test('an import of a file that is not progress is refused with a message', async ({ page }) => {
		await page.goto('/progress/');
		await page.getByLabel('Import progress from a file').setInputFiles({
			name: 'notes.json',
			mimeType: 'application/json',
			buffer: Buffer.from('{"hello": 1}'),
		});
		await expect(page.locator('[data-progress-message]')).toContainText('not a progress export of this course');
	});

	test('corrupt saved progress is reset with a notice and the page works', async ({ page }) => {
		const path = await firstLesson(page);
		await page.evaluate(() => localStorage.setItem('python-lifecycle:progress', '{"version":1,"lessons":'));
		await page.goto(path);
		await expect(page.locator('[data-progress-notice]')).toContainText('could not be read');
		const question = page.locator('quiz-question[data-kind="choice"]').first();
		await answerCorrectly(question);
		const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('python-lifecycle:progress') ?? '{}'));
		expect(stored.version).toBe(1);
	});
});

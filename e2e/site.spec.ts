import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { slugFromFile } from '../src/lib/lessons';
import { cellOf, expectState, lessonPaths, output, run } from './helpers';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function axe(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(found).toEqual([]);
}

/**
 * Every lesson, from the content folder (files starting with `_` are drafts and not built). One test per page
 * keeps each within its timeout as the course grows, and names the page that fails.
 */
const LESSONS = readdirSync(join(import.meta.dirname, '..', 'content', 'lessons'))
	.filter((name) => name.endsWith('.mdx') && !name.startsWith('_'))
	.sort()
	.map((name) => `/lessons/${slugFromFile(name)}/`);
/** Course pages that are not lessons: content/pages/<id>.mdx → /<id>/. */
const COURSE_PAGES = readdirSync(join(import.meta.dirname, '..', 'content', 'pages'))
	.filter((name) => name.endsWith('.mdx') && !name.startsWith('_'))
	.map((name) => `/${name.replace(/\.mdx$/, '')}/`);
const PAGES = ['/', ...LESSONS, ...COURSE_PAGES, '/playground/', '/progress/', '/no-such-page/'];

test('the home page links to every lesson', async ({ page }) => {
	expect((await lessonPaths(page)).sort()).toEqual([...LESSONS].sort());
});

test.describe('every page has no axe violations, in light and dark themes', () => {
	for (const path of PAGES) {
		test(path, async ({ page }) => {
			for (const scheme of ['light', 'dark'] as const) {
				await page.emulateMedia({ colorScheme: scheme });
				await page.goto(path);
				await axe(page);
			}
		});
	}
});

test.describe('every page has no axe violations after its cells have run and a quiz was answered', () => {
	for (const path of [...LESSONS, ...COURSE_PAGES, '/playground/']) {
		test(path, async ({ page }) => {
			// Every cell of a lesson runs, one after another: long lessons need more than the default minute.
			test.setTimeout(180_000);
			await page.goto(path);
			const cells = page.locator('python-cell[data-cell]');
			for (let i = 0; i < (await cells.count()); i++) {
				await run(cellOf(page, i));
				await expectState(cellOf(page, i), /done|error/);
			}
			const choice = page.locator('quiz-question[data-kind="choice"]').first();
			if ((await choice.count()) > 0) {
				await choice.locator('input').first().check();
				await choice.getByRole('button', { name: 'Check answer' }).click();
				await expect(choice).not.toHaveAttribute('data-result', 'unanswered');
			}
			await axe(page);
		});
	}
});

test.describe('every page', () => {
	test('makes no request to any other origin', async ({ page, baseURL }) => {
		const origin = new URL(baseURL ?? '').origin;
		const foreign: string[] = [];
		page.on('request', (request) => {
			const url = new URL(request.url());
			if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) foreign.push(request.url());
		});
		for (const path of PAGES) await page.goto(path);
		const [lesson] = await lessonPaths(page);
		await page.goto(lesson ?? '/playground/');
		await run(cellOf(page));
		await expectState(cellOf(page), /done|error/);
		await cellOf(page).locator('[data-code]').click(); // loads the editor
		await expect(cellOf(page).getByRole('textbox')).toBeVisible();
		expect(foreign).toEqual([]);
	});

	test('the theme toggle switches and remembers the theme', async ({ page }) => {
		await page.emulateMedia({ colorScheme: 'light' });
		await page.goto('/');
		const toggle = page.getByRole('button', { name: 'Dark theme' });
		await expect(toggle).toHaveAttribute('aria-pressed', 'false');
		await toggle.click();
		await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
		await page.reload();
		await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
		await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
	});

	test('a lesson has navigation, a table of contents and sources, and works on a phone', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 740 });
		const [lesson] = await lessonPaths(page);
		await page.goto(lesson ?? '/');
		await expect(page.getByRole('navigation', { name: 'Lessons' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'What you will learn' })).toBeVisible();
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await run(cellOf(page));
		await expectState(cellOf(page), /done|error/);
	});
});

test('the techniques overview is reached from the map and the header, and compares all six', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('navigation', { name: 'The lifecycle map' }).locator('~ .map-note').getByRole('link', { name: 'the techniques overview' }).click();
	await expect(page).toHaveURL(/\/techniques\/$/);
	await expect(page.getByRole('link', { name: 'Techniques', exact: true })).toBeVisible();
	const table = page.getByRole('table');
	await expect(table.getByRole('row')).toHaveCount(7);
	for (const technique of ['Specialization and the JIT', 'Threads', 'Async', 'Memory', 'Bytecode caching', 'Profiling']) {
		await expect(page.getByRole('heading', { level: 2, name: new RegExp(technique) })).toBeVisible();
	}
	// Each technique leads to the lesson that measures it, and every one of those lessons exists.
	const lessons = await table.locator('a[href^="/lessons/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
	expect(lessons).toHaveLength(6);
	for (const href of lessons) expect(LESSONS).toContain(href);
	// Its figures are measured live: the async cell runs and reports the gathered time.
	const cell = page.locator('python-cell[data-cell]').filter({ hasText: 'Waiting overlaps, computing does not' });
	await run(cell);
	await expectState(cell, 'done');
	await expect(output(cell)).toContainText('gathered:');
	await page.setViewportSize({ width: 375, height: 740 });
	expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a lesson reads: text and highlighted code are there', async ({ page }) => {
		await page.goto('/');
		const href = await page.locator('main a[href*="/lessons/"]').first().getAttribute('href');
		await page.goto(href ?? '/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.locator('python-cell pre.astro-code').first()).toBeVisible();
		await expect(page.locator('python-cell pre.astro-code').first()).not.toBeEmpty();
	});
});

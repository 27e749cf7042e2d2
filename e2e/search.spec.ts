/**
 * The header's search (Pagefind, indexed at build time): it finds lessons and their sections and links straight
 * to them, loads Pagefind only once the box is used, works by keyboard and on a phone, and passes axe.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

const searchbox = (page: Page) => page.getByRole('searchbox', { name: 'Search the course' });
const results = (page: Page) => page.getByRole('list', { name: 'Search results' });
const status = (page: Page) => page.locator('.site-search [role="status"]');

/** Type a query and wait for the live region's count. */
async function search(page: Page, query: string): Promise<void> {
	await searchbox(page).fill(query);
	await expect(status(page)).toHaveText(new RegExp(`^\\d+ results? for “${query}”$`));
}

/** Each query, the lesson its best result must be, and that lesson's top heading. */
const QUERIES = [
	{ query: 'bytecode', lesson: '/lessons/compiler-and-code-objects/', title: 'From tree to bytecode: the compiler and the code object' },
	{ query: 'pycache', lesson: '/lessons/pycache/', title: 'Bytecode caching: __pycache__ and .pyc files' },
	{ query: 'GIL', lesson: '/lessons/threads-and-gil/', title: 'Threads and the GIL' },
];

test('"bytecode", "pycache" and "GIL" find their lessons and sections; a section link lands on its heading', async ({ page }) => {
	const pagefindRequests: string[] = [];
	page.on('request', (request) => {
		if (new URL(request.url()).pathname.startsWith('/pagefind/')) pagefindRequests.push(request.url());
	});
	await page.goto('/playground/');
	await expect(searchbox(page)).toBeVisible();
	expect(pagefindRequests, 'Pagefind loads only when the box is used').toEqual([]);

	for (const { query, lesson, title } of QUERIES) {
		await search(page, query);
		const first = results(page).getByRole('listitem').first();
		await expect(first.getByRole('link').first()).toHaveText(title);
		await expect(first.getByRole('link').first()).toHaveAttribute('href', lesson);
		// Sections link to their headings on that lesson.
		const sections = first.getByRole('list', { name: `Sections of ${title}` }).getByRole('link');
		expect(await sections.count()).toBeGreaterThan(0);
		for (const href of await sections.evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
			expect(href).toMatch(new RegExp(`^${lesson}#[\\w-]+$`));
		}
	}
	expect(pagefindRequests.some((url) => url.endsWith('/pagefind/pagefind.js'))).toBe(true);

	// Follow the GIL lesson's first section link: the URL has its anchor and that heading is the target.
	const section = results(page).getByRole('listitem').first().locator('.search-sections a').first();
	const [href, name] = [await section.getAttribute('href'), (await section.textContent()) ?? ''];
	await section.click();
	await expect(page).toHaveURL(new RegExp(`${href?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
	const target = page.locator(':target');
	await expect(target).toHaveText(name);
	expect(await target.evaluate((el) => el.tagName)).toMatch(/^H[2-6]$/);
	await expect(target).toBeInViewport();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Threads and the GIL');
});

test('keyboard only: Tab to the box, type, arrows through the results, Escape closes, Enter follows a link', async ({ page }) => {
	await page.goto('/');
	for (let i = 0; i < 10 && !(await searchbox(page).evaluate((el) => el === document.activeElement)); i++) {
		await page.keyboard.press('Tab');
	}
	await expect(searchbox(page)).toBeFocused();
	await page.keyboard.type('pycache');
	await expect(status(page)).toHaveText(/^\d+ results for “pycache”$/);
	const links = results(page).getByRole('link');
	await page.keyboard.press('ArrowDown');
	await expect(links.nth(0)).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(links.nth(1)).toBeFocused();
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('ArrowUp');
	await expect(searchbox(page)).toBeFocused();

	// Escape closes the results and keeps the query; typing opens them again.
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Escape');
	await expect(searchbox(page)).toBeFocused();
	await expect(searchbox(page)).toHaveValue('pycache');
	await expect(results(page).getByRole('listitem')).toHaveCount(0);
	await expect(status(page)).toHaveText('');

	// Tab leads from the box into the results; Enter follows the focused link.
	await page.keyboard.press('Backspace');
	await page.keyboard.type('e');
	await expect(status(page)).toHaveText(/^\d+ results for “pycache”$/);
	await page.keyboard.press('Tab');
	await expect(links.first()).toBeFocused();
	const href = await links.first().getAttribute('href');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(new RegExp(`${href}$`));

	// Tabbing out of the search closes it.
	await search(page, 'GIL');
	await searchbox(page).focus();
	await page.keyboard.press('Shift+Tab');
	await expect(results(page).getByRole('listitem')).toHaveCount(0);
});

test('the header with results open has no axe violations, in light and dark themes', async ({ page }) => {
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		await page.goto('/lessons/journey/');
		await search(page, 'bytecode');
		await expect(results(page).getByRole('listitem').first()).toBeVisible();
		const found = await new AxeBuilder({ page }).include('.site-header').withTags(WCAG).analyze();
		expect(found.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
	}
});

test('on a 375px phone the results fit the screen and a tap follows a result', async ({ page }) => {
	await page.setViewportSize({ width: 375, height: 740 });
	await page.goto('/lessons/journey/');
	await search(page, 'GIL');
	const panel = page.locator('.search-panel');
	await expect(panel).toBeVisible();
	const box = await panel.boundingBox();
	expect(box?.x).toBeGreaterThanOrEqual(0);
	expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
	expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
	await results(page).getByRole('link', { name: 'Threads and the GIL', exact: true }).click();
	await expect(page).toHaveURL(/\/lessons\/threads-and-gil\/$/);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('there is no search box that cannot work', async ({ page }) => {
		await page.goto('/lessons/journey/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(searchbox(page)).toBeHidden();
	});
});

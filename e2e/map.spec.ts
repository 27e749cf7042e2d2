import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectState, run, setCode } from './helpers';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LAYER = /^(Application|Compiler|Python Virtual Machine|Operating system) layer(: |, optimization technique: \d )/;

/** An edited program: a function of our own, a loop and a print, so the panels must come from this run. */
const PROGRAM = `def shout(words):
    loud = []
    for word in words:
        loud.append(word.upper())
    return " ".join(loud)

print(shout(["trace", "me"]))
`;

async function axe(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(found).toEqual([]);
}

function mapLinks(page: Page): Locator {
	return page.getByRole('navigation', { name: 'The lifecycle map' }).getByRole('link');
}

function traceCell(page: Page): Locator {
	return page.locator('python-cell[data-widget="trace"]');
}

function panel(page: Page, stage: string): Locator {
	return traceCell(page).locator(`.trace-panel[data-stage="${stage}"]`);
}

async function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function traceEditedProgram(page: Page): Promise<void> {
	const cell = traceCell(page);
	await setCode(cell, PROGRAM);
	await run(cell);
	await expectState(cell, 'done', 60_000);
	await expect(cell.getByRole('log')).toContainText('TRACE ME');
}

test.describe('the lifecycle map', () => {
	test('every node is a link named with its layer, in layer order, leading to a lesson or its entry', async ({ page }) => {
		await page.goto('/');
		const links = mapLinks(page);
		await expect(links).toHaveCount(16); // 10 components and the 6 optimization techniques
		const names: string[] = [];
		for (const link of await links.all()) {
			await expect(link).toHaveAccessibleName(LAYER);
			names.push((await link.getAttribute('aria-label')) ?? '');
			// The name is made of the visible text (WCAG 2.5.3, label in name).
			const visible = (await link.innerText()).replace(/\s+/g, ' ').trim();
			expect(visible.length).toBeGreaterThan(0);
			for (const word of visible.split(' ')) expect(names.at(-1)).toContain(word);
			const href = (await link.getAttribute('href')) ?? '';
			if (href.includes('#')) {
				// Not written yet: says so in text, and leads to the lesson's "coming soon" entry on this page.
				await expect(link).toContainText('coming soon');
				const id = href.slice(href.indexOf('#') + 1);
				await expect(page.locator(`[id="${id}"]`)).toContainText('coming soon');
			} else expect(href).toMatch(/^\/lessons\/[a-z-]+\/$/);
		}
		// Top to bottom: application, compiler, virtual machine, operating system.
		const layerOf = (name: string) => name.match(/(Application|Compiler|Python Virtual Machine|Operating system) layer/)?.[1];
		expect([...new Set(names.map(layerOf))]).toEqual(['Application', 'Compiler', 'Python Virtual Machine', 'Operating system']);
		const storage = page.locator('.map-node', { hasText: 'Bytecode storage' });
		await expect(storage).toHaveAccessibleName(/^Compiler layer: Bytecode storage, __pycache__ and \.pyc files — Lesson 5/);
		await expect(page.locator('.map-technique', { hasText: 'Bytecode caching' })).toHaveAccessibleName(
			/^Compiler layer, optimization technique: 5 Bytecode caching, acts on bytecode storage — Lesson 5/
		);
		expect(await page.locator('.map-technique', { hasText: 'Bytecode caching' }).getAttribute('href')).toBe(
			await storage.getAttribute('href')
		);
		// Nodes stand for the stages trace mode shows.
		const stages = await page.locator('.lifecycle-map [data-stage]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset['stage']));
		expect(stages).toEqual(['tokens ast', 'bytecode', 'pyc', 'run', 'run', 'os']);
	});

	test('Tab goes through the nodes in order, with a visible focus', async ({ page }) => {
		await page.goto('/');
		const links = await mapLinks(page).all();
		await page.locator('.hero .button-link').focus();
		for (const link of links) {
			await page.keyboard.press('Tab');
			await expect(link).toBeFocused();
			const outline = await link.evaluate((a) => getComputedStyle(a).outlineStyle);
			expect(outline).toBe('solid');
		}
	});

	test('reads as lists of layers and components', async ({ page }) => {
		await page.goto('/');
		const nav = page.getByRole('navigation', { name: 'The lifecycle map' });
		await expect(nav.locator('ol.map-layers > li')).toHaveCount(4);
		await expect(nav.getByRole('list', { name: /Compiler/ }).getByRole('listitem')).toHaveCount(3);
		await expect(nav.getByRole('heading', { level: 3 })).toHaveText([
			/^\s*Application/,
			/^\s*Compiler/,
			/^\s*Python Virtual Machine/,
			/^\s*Operating system/,
		]);
	});

	test('fits a phone: stacked, no page-level horizontal scroll', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 740 });
		await page.goto('/');
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		const boxes = await mapLinks(page).evaluateAll((links) => links.slice(1, 4).map((l) => l.getBoundingClientRect().top));
		expect(boxes[1]).toBeGreaterThan(boxes[0] ?? 0); // compiler steps one under the other
	});
});

test.describe('trace mode', () => {
	test('an edited program fills all six panels with real artifacts', async ({ page }) => {
		await page.goto('/');
		await traceEditedProgram(page);
		const panels = traceCell(page).locator('.trace-panel');
		await expect(panels).toHaveCount(6);
		expect(await panels.evaluateAll((ps) => ps.map((p) => (p as HTMLElement).dataset['stage']))).toEqual([
			'tokens',
			'ast',
			'bytecode',
			'pyc',
			'run',
			'os',
		]);
		for (const stage of ['tokens', 'ast', 'bytecode', 'pyc', 'run']) {
			await expect(panel(page, stage).locator('.trace-time')).toHaveText(/^(\d+(\.\d+)? ms|< 0\.01 ms)$/);
		}
		await expect(panel(page, 'tokens')).toContainText(/\d+ tokens/);
		await expect(panel(page, 'tokens').locator('tbody tr').first()).toContainText("NAME'def'1:0–1:3");
		await expect(panel(page, 'ast').locator('pre')).toContainText("FunctionDef(\n      name='shout'");
		const shout = panel(page, 'bytecode').locator('[data-qualname="shout"]');
		await expect(shout).toContainText('function, line 1');
		await expect(shout.locator('tbody')).toContainText('FOR_ITER');
		await expect(panel(page, 'pyc').locator('.hex-magic')).toHaveText('2b 0e 0d 0a');
		await expect(panel(page, 'pyc')).toContainText(/__pycache__\/traced_program\.cpython-314\.pyc, \d+ bytes/);
		const count = Number(await panel(page, 'run').locator('[data-instructions]').getAttribute('data-instructions'));
		expect(count).toBeGreaterThan(0);
		await expect(panel(page, 'run')).toContainText('Finished normally.');
		await expect(panel(page, 'run').locator('.trace-place')).toHaveText(
			'On the map: Python Virtual Machine layer › Execution stack and Python Virtual Machine layer › Interpreter'
		);
		await expect(panel(page, 'pyc').locator('.trace-place')).toHaveText('On the map: Compiler layer › Bytecode storage');
		const write = panel(page, 'os')
			.locator('tbody tr')
			.filter({ has: page.locator('td:nth-child(2)', { hasText: /^write$/ }) })
			.filter({ hasText: '.pyc' });
		await expect(write).toHaveCount(1);
		await expect(write).toContainText(/^caching\s*write\s*\/tmp\/trace-\S+\/__pycache__\/traced_program\.cpython-314\.pyc\.\d+\s*\d+/);
		await expect(panel(page, 'pyc').getByRole('link', { name: /Lesson 5/ })).toHaveAttribute('href', /pycache/);
	});

	test('a panel in focus or under the pointer lights up its node on the map', async ({ page }) => {
		await page.goto('/');
		await traceEditedProgram(page);
		const node = (id: string) => page.locator(`.lifecycle-map [data-map-node="${id}"]`);
		// The pointer off the panels (it rests where Run was clicked), so only focus points at first.
		await page.mouse.move(0, 0);
		await panel(page, 'bytecode').locator('.trace-artifact').first().focus();
		await expect(node('compile')).toHaveAttribute('aria-current', 'step');
		await expect(page.locator('.lifecycle-map [aria-current]')).toHaveCount(1);
		await panel(page, 'run').getByRole('link').focus();
		await expect(node('eval')).toHaveAttribute('aria-current', 'step');
		await expect(node('frames')).toHaveAttribute('aria-current', 'step');
		await expect(node('compile')).not.toHaveAttribute('aria-current', /.*/);
		await panel(page, 'pyc').hover();
		await expect(node('pycache')).toHaveAttribute('aria-current', 'step');
		await panel(page, 'tokens').hover();
		await expect(node('parse')).toHaveAttribute('aria-current', 'step');
		await expect(node('parse')).toHaveClass(/is-traced/);
	});

	test('a SyntaxError: the panels say which stages could not run', async ({ page }) => {
		await page.goto('/');
		const cell = traceCell(page);
		// The tokenizer reads this fine; the parser refuses it.
		await setCode(cell, 'total = 1 +\nprint(total)\n');
		await run(cell);
		await expectState(cell, 'error');
		await expect(cell.locator('.trace-intro')).toContainText('SyntaxError at line 1: invalid syntax');
		expect(
			await cell.locator('.trace-panel[data-ok="false"]').evaluateAll((ps) => ps.map((p) => (p as HTMLElement).dataset['stage']))
		).toEqual(['ast', 'bytecode', 'pyc', 'run']);
		await expect(panel(page, 'tokens')).toContainText('tokens.');
		await expect(panel(page, 'bytecode')).toContainText('Could not run: nothing to compile');
	});

	test('has no axe violations after a trace, in light and dark themes', async ({ page }) => {
		for (const scheme of ['light', 'dark'] as const) {
			await page.emulateMedia({ colorScheme: scheme });
			await page.goto('/');
			await traceEditedProgram(page);
			await panel(page, 'pyc').locator('.trace-artifact').first().focus(); // with a node lit up
			await axe(page);
		}
	});

	test('fits a phone after a trace: panels scroll inside, the page does not', async ({ page }) => {
		await page.setViewportSize({ width: 375, height: 740 });
		await page.goto('/');
		await traceEditedProgram(page);
		await expect(traceCell(page).locator('.trace-panel')).toHaveCount(6);
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
	});
});

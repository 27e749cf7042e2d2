/**
 * The compiler and __pycache__ widgets in their lessons: folding and codeobject on the compiler lesson, pyc and
 * cache-bench on the __pycache__ lesson. Each is run with an edited program and checked against what CPython
 * really does (the pyc header against the module's byte size, the code objects against Node Pyodide), driven by
 * keyboard, scanned with axe after the runs, and fitted to a 375px phone.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadNodePython, type NodePython } from '../tests/node-python';
import { expectState, run, setCode } from './helpers';

const COMPILER = '/lessons/compiler-and-code-objects/';
const PYCACHE = '/lessons/pycache/';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function axe(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(found).toEqual([]);
}

function widgetCell(page: Page, name: string): Locator {
	return page.locator(`python-cell[data-widget="${name}"]`).first();
}

/** Run the cell (optionally with new code) and wait until its widget has drawn. */
async function runWidget(cell: Locator, code?: string): Promise<void> {
	if (code !== undefined) await setCode(cell, code);
	await run(cell);
	await expectState(cell, 'done', 60_000);
}

/** The text of the source ranges currently under the `widget-focus` highlight. */
async function focusedSource(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const highlight = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('widget-focus');
		return highlight ? [...highlight].map((range) => range.toString()) : [];
	});
}

async function pageOverflow(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

let python: NodePython;

test.beforeAll(async () => {
	python = await loadNodePython();
});

const FOLDING = `"""A docstring."""
DAY = 24 * 60 * 60

def check(n):
    assert n > 0
    if __debug__:
        print("debug")
    return n * 2 in [2, 4]

print(DAY, check(1))
`;

test.describe('folding', () => {
	test('shows what compile() folded, and what optimize=1 and 2 remove', async ({ page }) => {
		await page.goto(COMPILER);
		const cell = widgetCell(page, 'folding');
		await runWidget(cell, FOLDING);
		const panel = cell.locator('[data-widget-panel="folding"]');
		const row = panel.locator('tr[data-fold-index]').filter({ hasText: '24 * 60 * 60' });
		await expect(row).toContainText('86400');
		await expect(row).toContainText('BinOp (not folded)'); // ast.parse(optimize=2) no longer folds in 3.14
		await row.focus();
		await expect.poll(() => focusedSource(page)).toEqual(['24 * 60 * 60']);
		await expect(panel.locator('tr[data-fold-index]').filter({ hasText: '[2, 4]' })).toContainText('(2, 4)');
		const zero = panel.locator('.opt-level[data-optimize="0"] .opt-code[data-qualname="check"]');
		await expect(zero.locator('.is-gone').filter({ hasText: 'RAISE_VARARGS' })).toContainText('gone at 1');
		await expect(panel.locator('.opt-level[data-optimize="2"] .opt-code[data-qualname="<module>"] .opt-removed')).toContainText("'A docstring.'");
		// Keyboard: Tab moves from one fold row to the next, and the highlight follows.
		await page.keyboard.press('Tab');
		await expect.poll(() => focusedSource(page)).toEqual(['[2, 4]']);
	});
});

const CODEOBJECT = `def outer(a, /, b, *, c=2):
    total = a + b
    def inner():
        return total * c
    try:
        return inner()
    except ZeroDivisionError:
        return None

print(outer(1, 2))
`;

test.describe('codeobject', () => {
	test('lists every field of the code objects that ran, agreeing with CPython', async ({ page }) => {
		await page.goto(COMPILER);
		const cell = widgetCell(page, 'codeobject');
		await runWidget(cell, CODEOBJECT);
		const panel = cell.locator('[data-widget-panel="codeobject"]');
		const sections = panel.locator('.co-section');
		await expect(sections).toHaveCount(3);
		const truth = JSON.parse(
			python.py.runPython(`
import json
m = compile(${JSON.stringify(CODEOBJECT)}, '<cell>', 'exec')
o = next(k for k in m.co_consts if hasattr(k, 'co_code'))
i = next(k for k in o.co_consts if hasattr(k, 'co_code'))
json.dumps([[c.co_qualname, c.co_stacksize, c.co_code.hex(' '), repr(c.co_cellvars), repr(c.co_freevars)] for c in (m, o, i)])
`) as string
		) as [string, number, string, string, string][];
		for (const [n, [qualname, stacksize, hex, cells, frees]] of truth.entries()) {
			const section = sections.nth(n);
			await expect(section).toHaveAttribute('data-qualname', qualname);
			await expect(section.locator('tr[data-field="co_stacksize"] .co-value')).toHaveText(String(stacksize));
			await expect(section.locator('tr[data-field="co_code"] .co-hex')).toHaveText(hex);
			await expect(section.locator('tr[data-field="co_cellvars"] .co-value')).toHaveText(cells);
			await expect(section.locator('tr[data-field="co_freevars"] .co-value')).toHaveText(frees);
		}
		// co_positions by keyboard: the entry for `total * c`'s multiplication highlights those columns.
		const positions = sections.nth(2).locator('tr[data-field="co_positions"] [role="option"]');
		await positions.first().focus();
		const multiply = positions.filter({ hasText: 'BINARY_OP:' }).first();
		const index = await multiply.evaluate((node) => [...(node.parentElement?.children ?? [])].indexOf(node));
		for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
		await expect(multiply).toBeFocused();
		await expect(multiply).toHaveAttribute('aria-selected', 'true');
		await expect.poll(() => focusedSource(page)).toEqual(['total * c']);
	});
});

const MODULE = 'RATE = 0.2\n\ndef price(size):\n    return round(size * size * RATE, 2)\n\nprint("price(3) =", price(3))\n';

test.describe('pyc', () => {
	test('shows the header: magic highlighted, flags by mode, size from the edited module', async ({ page }) => {
		await page.goto(PYCACHE);
		const cell = widgetCell(page, 'pyc');
		await runWidget(cell, MODULE);
		const panel = cell.locator('[data-widget-panel="pyc"]');
		const magic = panel.locator('.hex-field[data-pyc-field="magic"]');
		await expect(magic).toHaveText('2b 0e 0d 0a');
		await expect(panel.locator('.hex-ruler')).toContainText('└magic');
		await expect(panel.locator('.pyc-listing').nth(1)).toContainText('__pycache__/lab_module.cpython-314.pyc');
		await expect(panel.locator('.pyc-legend tr[data-pyc-field="flags"]')).toContainText('timestamp pyc');
		const size = new TextEncoder().encode(MODULE).length;
		await expect(panel.locator('.hex-field[data-pyc-field="size"]')).toHaveText(`${size.toString(16).padStart(2, '0')} 00 00 00`);
		await expect(panel.locator('.pyc-legend tr[data-pyc-field="size"]')).toContainText(`${size} bytes; os.stat: ${size} (equal)`);
		await expect(panel.locator('.pyc-output')).toHaveText('price(3) = 1.8\n');

		// Keyboard: focusing the legend's magic row highlights the magic bytes.
		await panel.locator('.pyc-legend tr[data-pyc-field="magic"]').focus();
		await expect(magic).toHaveClass(/is-active/);

		// The mode control redraws with a checked hash pyc: flags 3, then the source hash.
		await panel.getByRole('radio', { name: 'Checked hash', exact: true }).check();
		await expect(panel.locator('.pyc-view')).toHaveAttribute('data-mode', 'checked-hash');
		await expect(panel.locator('.hex-field[data-pyc-field="flags"]')).toHaveText('03 00 00 00');
		await expect(panel.locator('.pyc-legend tr[data-pyc-field="flags"]')).toContainText('3: bit 0 (hash-based) = 1, bit 1 (check_source) = 1');
		await expect(panel.locator('.pyc-legend tr[data-pyc-field="hash"]')).toContainText('equal');
		// Radios move by arrow keys: the next mode is the unchecked hash, flags 1.
		await panel.getByRole('radio', { name: 'Checked hash', exact: true }).press('ArrowDown');
		await expect(panel.locator('.pyc-view')).toHaveAttribute('data-mode', 'unchecked-hash');
		await expect(panel.locator('.hex-field[data-pyc-field="flags"]')).toHaveText('01 00 00 00');
		await panel.getByRole('radio', { name: 'Timestamp (default)', exact: true }).check();
		await expect(panel.locator('.pyc-view')).toHaveAttribute('data-mode', 'timestamp');

		// An edited module changes the size field.
		const longer = `${MODULE}# a comment that makes the module longer\n`;
		await runWidget(cell, longer);
		const newSize = new TextEncoder().encode(longer).length;
		await expect(panel.locator('.pyc-legend tr[data-pyc-field="size"]')).toContainText(`${newSize} bytes; os.stat: ${newSize}`);
		await axe(page);
	});
});

test.describe('cache-bench', () => {
	test('draws the compile/loads, import and exec ratios', async ({ page }) => {
		test.setTimeout(120_000);
		await page.goto(PYCACHE);
		const cell = widgetCell(page, 'cache-bench');
		await runWidget(cell);
		const panel = cell.locator('[data-widget-panel="cache-bench"]');
		const pairs = panel.locator('.ratio-pair');
		await expect(pairs).toHaveCount(3);
		const ratio = Number(await pairs.first().getAttribute('data-ratio'));
		expect(ratio).toBeGreaterThan(1);
		await expect(pairs.first()).toContainText('compile(source)');
		await expect(pairs.first().locator('.ratio-value')).toHaveText(/^×\d/);
		await expect(panel.locator('.bench-caveat')).toContainText('ratios are what matters');
		// A different size re-measures: one copy of the module.
		await panel.getByLabel('Module size').selectOption('1');
		await expect(panel.locator('.bench-meta')).toContainText('1 copy of your code', { timeout: 30_000 });
		await expect(pairs).toHaveCount(3);
		await axe(page);
	});
});

test.describe('after the runs', () => {
	test('both lessons pass axe in light and dark, and fit a 375px phone', async ({ page }) => {
		test.setTimeout(180_000);
		await page.setViewportSize({ width: 375, height: 740 });
		for (const [path, widgets] of [
			[COMPILER, ['folding', 'codeobject']],
			[PYCACHE, ['pyc', 'cache-bench']],
		] as const) {
			await page.goto(path);
			for (const name of widgets) await runWidget(widgetCell(page, name));
			for (const name of widgets) await expect(widgetCell(page, name).locator(`[data-widget-panel="${name}"] > *`).first()).toBeVisible();
			expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
			for (const scheme of ['light', 'dark'] as const) {
				await page.emulateMedia({ colorScheme: scheme });
				await axe(page);
			}
		}
	});
});

/**
 * The three syntax widgets of lesson 3 (`widget="tokens"`, `"ast"`, `"scopes"`): after an edited program runs
 * (even one that raises), the tokens, the tree and the scopes are drawn from that program, tokens and nodes
 * highlight their exact characters in the source, selecting source finds the smallest node, a SyntaxError is
 * shown where it is, and the widgets pass axe in both themes and fit a phone. Runs on lesson 3 (/lessons/tokens-and-ast/).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadNodePython, type NodePython } from '../tests/node-python';
import { expectState, run, setCode } from './helpers';

const LESSON = '/lessons/tokens-and-ast/';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Runs into a NameError on line 3: the widgets must draw anyway.
const PROGRAM = 'café = 1\nif café:\n    print(café + missing)\n';
const TREE_PROGRAM = 'héllo = 1; y = héllo + 2\nprint(y, nope)\n';
const SCALE = 'total = 0\ndef scale(xs, k=2):\n    out = [x * k for x in xs]\n    return sum(out) + total\n';

let python: NodePython;

test.beforeAll(async () => {
	python = await loadNodePython();
});

function cellWith(page: Page, widget: string): Locator {
	return page.locator(`python-cell[data-widget="${widget}"]`).first();
}

async function runIn(page: Page, widget: string, code: string, state: 'done' | 'error'): Promise<Locator> {
	const cell = cellWith(page, widget);
	await setCode(cell, code);
	await run(cell);
	await expectState(cell, state, 60_000);
	return cell.locator(`[data-widget-panel="${widget}"]`);
}

/** The text of each range of a named highlight (CSS Custom Highlight API). */
async function highlighted(page: Page, name: string): Promise<string[]> {
	return page.evaluate((highlightName) => {
		const highlight = (CSS as unknown as { highlights: Map<string, Iterable<Range>> }).highlights.get(highlightName);
		return highlight ? [...highlight].map((range) => range.toString()) : [];
	}, name);
}

/** Select [start, end) of the source view's text, as a drag would. */
async function selectSource(panel: Locator, start: number, end: number): Promise<void> {
	await panel.locator('[data-source-view]').evaluate(
		(view, [from, to]) => {
			const text = view.querySelector('code')?.firstChild as Text;
			const range = document.createRange();
			range.setStart(text, from as number);
			range.setEnd(text, to as number);
			const selection = document.getSelection();
			selection?.removeAllRanges();
			selection?.addRange(range);
		},
		[start, end]
	);
}

/** Axe on the three cells, or (`panelsOnly`) on the widgets' panels alone. */
async function axe(page: Page, theme: 'light' | 'dark', panelsOnly = false): Promise<void> {
	await page.evaluate((value) => {
		document.documentElement.dataset['theme'] = value;
	}, theme);
	const builder = new AxeBuilder({ page });
	for (const widget of ['tokens', 'ast', 'scopes']) {
		builder.include(panelsOnly ? `[data-widget-panel="${widget}"]` : `python-cell[data-widget="${widget}"]`);
	}
	const results = await builder.withTags(WCAG).analyze();
	const found = results.violations.map((v) => `${theme}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(found).toEqual([]);
}

test('tokens: drawn after a NameError, exactly as tokenize reads them, each highlighting its characters', async ({ page }) => {
	await page.goto(LESSON);
	const panel = await runIn(page, 'tokens', PROGRAM, 'error');
	await expect(cellWith(page, 'tokens').locator('.cell-traceback')).toContainText('NameError');
	const types = await panel.locator('[data-token-type]').evaluateAll((chips) => chips.map((chip) => (chip as HTMLElement).dataset['tokenType']));
	python.py.globals.set('token_source', PROGRAM);
	const reference = python.py
		.runPython('import io, tokenize\n[tokenize.tok_name[t.type] for t in tokenize.generate_tokens(io.StringIO(token_source).readline)]')
		.toJs() as string[];
	expect(types).toEqual(reference);
	expect(types).toEqual(expect.arrayContaining(['INDENT', 'DEDENT', 'NEWLINE', 'ENDMARKER']));
	await expect(panel.locator('.syn-counts tr[data-count-type="NAME"] td')).toHaveText('6');

	// Focus the + after the accented name: exactly "+" is highlighted (character columns, not bytes).
	const plus = panel.locator('[data-exact-type="PLUS"]');
	await plus.focus();
	await expect(plus).toHaveAttribute('aria-selected', 'true');
	await expect.poll(() => highlighted(page, 'widget-focus')).toEqual(['+']);
	await expect(panel.locator('[data-token-detail]')).toHaveText('OP (exact type PLUS) "+", line 3, column 15');
	// Arrow keys move along the stream; the highlight follows; one tab stop.
	await page.keyboard.press('ArrowRight');
	const missing = panel.locator('[data-token-type="NAME"]', { hasText: 'missing' });
	await expect(missing).toBeFocused();
	await expect.poll(() => highlighted(page, 'widget-focus')).toEqual(['missing']);
	await expect(panel.locator('[role="option"][tabindex="0"]')).toHaveCount(1);
	// Hovering another token shows it too.
	await panel.locator('[data-token-type="NAME"]', { hasText: 'print' }).hover();
	await expect.poll(() => highlighted(page, 'widget-focus')).toEqual(['print']);
});

test('tokens: an unterminated string shows the tokens before it and marks where tokenize stopped', async ({ page }) => {
	await page.goto(LESSON);
	const panel = await runIn(page, 'tokens', 'é = "abc\n', 'error');
	await expect(panel.locator('.syn-problem')).toContainText('TokenError at line 1, column 4: unterminated string literal');
	await expect(panel.locator('[data-token-type]')).toHaveCount(2);
	await expect.poll(() => highlighted(page, 'widget-related')).toEqual(['"']);
});

test('ast: nodes highlight their exact source; selecting source selects the smallest node', async ({ page }) => {
	await page.goto(LESSON);
	const panel = await runIn(page, 'ast', TREE_PROGRAM, 'error');
	const types = await panel.locator('[role="treeitem"]').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['nodeType']));
	expect(types.slice(0, 6)).toEqual(['Module', 'Assign', 'Name', 'Constant', 'Assign', 'Name']);
	expect(types).toContain('Call');
	const binop = panel.locator('[data-node-type="BinOp"]');
	await expect(binop).toHaveAttribute('data-span', '1:15-1:24');

	await binop.focus();
	await expect(binop).toHaveAttribute('aria-selected', 'true');
	await expect.poll(() => highlighted(page, 'widget-focus')).toEqual(['héllo + 2']);
	// Tree keys: Down enters the children, Left goes back to the parent, Left again closes it.
	await page.keyboard.press('ArrowDown');
	const left = panel.locator('[data-node-type="Name"][data-span="1:15-1:20"]');
	await expect(left).toBeFocused();
	await expect.poll(() => highlighted(page, 'widget-focus')).toEqual(['héllo']);
	await page.keyboard.press('ArrowLeft');
	await expect(binop).toBeFocused();
	await page.keyboard.press('ArrowLeft');
	await expect(binop).toHaveAttribute('aria-expanded', 'false');
	await expect(left).toBeHidden();
	await expect(panel.locator('[role="treeitem"][tabindex="0"]')).toHaveCount(1);

	// Select "llo" inside the second héllo: its Name node (inside the closed BinOp) is found, shown and announced.
	const start = TREE_PROGRAM.indexOf('héllo +') + 2;
	await selectSource(panel, start, start + 3);
	await expect(left).toHaveAttribute('aria-selected', 'true');
	await expect(binop).toHaveAttribute('aria-expanded', 'true');
	await expect(left).toBeVisible();
	await expect(panel.locator('[data-ast-status]')).toHaveText('Name (line 1, columns 15–20)');
	await expect.poll(() => highlighted(page, 'widget-focus')).toEqual(['héllo']);
	// A wider selection finds the BinOp.
	await selectSource(panel, TREE_PROGRAM.indexOf('+ 2'), TREE_PROGRAM.indexOf('+ 2') + 3);
	await expect(panel.locator('[data-ast-status]')).toHaveText('BinOp (line 1, columns 15–24)');
	await expect(binop).toHaveAttribute('aria-selected', 'true');
	// ast.dump is there for reference.
	await panel.locator('details.syn-dump summary').click();
	await expect(panel.locator('details.syn-dump pre')).toContainText("Name(id='héllo', ctx=Load())");
});

test('ast: a SyntaxError is shown and marked in the source', async ({ page }) => {
	await page.goto(LESSON);
	const panel = await runIn(page, 'ast', 'ééé = 1 +* 2\n', 'error');
	await expect(panel.locator('.syn-problem')).toContainText('SyntaxError at line 1, column 9: invalid syntax');
	await expect(panel.locator('[role="tree"]')).toHaveCount(0);
	await expect.poll(() => highlighted(page, 'widget-related')).toEqual(['*']);
});

test('scopes: the module, its __annotate__ scope and scale, with the inlined comprehension in scale', async ({ page }) => {
	await page.goto(LESSON);
	const panel = await runIn(page, 'scopes', `${SCALE}print(scale([1, 2]))\n`, 'done');
	const scopes = await panel.locator('[data-scope]').evaluateAll((blocks) =>
		blocks.map((block) => [(block as HTMLElement).dataset['scope'], (block as HTMLElement).dataset['scopeType']])
	);
	expect(scopes).toEqual([
		['top', 'module'],
		['__annotate__', 'annotation'],
		['scale', 'function'],
	]);
	const scale = panel.locator('[data-scope="scale"]');
	await expect(scale.locator('tr[data-symbol="x"] [data-flag]')).toHaveText(['local', 'assigned', 'referenced', 'comp_iter']);
	await expect(scale.locator('.scope-children')).toHaveCount(0);
	await expect(scale.locator('.scope-note')).toContainText('PEP 709');
	await expect(panel.locator('[data-scope="__annotate__"] .scope-note')).toContainText('even one without annotations');
	await expect(panel.locator('.syn-notes')).toBeVisible();
});

test('draw the lesson’s own programs, pass axe in both themes after the runs, and fit a phone', async ({ page }) => {
	await page.setViewportSize({ width: 375, height: 800 });
	await page.goto(LESSON);
	for (const widget of ['tokens', 'ast', 'scopes']) {
		const cell = cellWith(page, widget);
		await run(cell);
		await expectState(cell, /done|error/, 60_000);
		await expect(cell.locator(`[data-widget-panel="${widget}"] .cell-notice-error`)).toHaveCount(0);
	}
	const panel = (widget: string) => cellWith(page, widget).locator(`[data-widget-panel="${widget}"]`);
	await expect(panel('tokens').locator('[data-token-type="INDENT"]').first()).toBeAttached();
	await expect(panel('ast').locator('[data-node-type="FunctionDef"]').first()).toBeAttached();
	await expect(panel('scopes').locator('[data-scope-type="function"]').first()).toBeAttached();
	await panel('tokens').locator('[role="option"]').first().focus();
	await panel('ast').locator('[data-node-type="FunctionDef"]').first().focus();
	await axe(page, 'light');
	await axe(page, 'dark');
	const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
	expect(widths.page).toBeLessThanOrEqual(widths.view);
});

test('pass axe after edited runs (a closure, a class, an error), and fit a phone', async ({ page }) => {
	await page.setViewportSize({ width: 375, height: 800 });
	await page.goto(LESSON);
	const tokens = await runIn(page, 'tokens', PROGRAM, 'error');
	const tree = await runIn(page, 'ast', SCALE, 'done');
	await runIn(page, 'scopes', 'class Box:\n    size: int = 3\n    def grow(self, by):\n        return (self.size + b for b in by)\n', 'done');
	await tokens.locator('[role="option"]').first().focus();
	await tree.locator('[data-node-type="FunctionDef"]').focus();
	// The panels only: the code editor itself (not part of these widgets) trips scrollable-region-focusable when
	// a line is wider than a phone.
	await axe(page, 'light', true);
	await axe(page, 'dark', true);
	const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
	expect(widths.page).toBeLessThanOrEqual(widths.view);
});

/**
 * The bytecode explorer (`widget="bytecode"`) on the compiler lesson: after an edited program runs, its listing
 * must be exactly `dis.get_instructions` of the same source (computed here, in Node Pyodide, outside the page),
 * rows must link to source columns and back, jumps lead to their targets, opcodes explain themselves, the
 * adaptive view shows what the run specialized, and the widget passes axe in both themes and fits a phone.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadNodePython, type NodePython } from '../tests/node-python';
import { expectState, run, setCode } from './helpers';

const LESSON = '/lessons/compiler-and-code-objects/';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const PROGRAM = `def scale(values, factor):
    out = []
    for v in values:
        try:
            out.append(v * factor)
        except TypeError:
            out.append(None)
    return out

class Box:
    def __init__(self, n):
        self.n = n

double = lambda n: n * 2

def add(a, b):
    return a + b

total = 0
for i in range(3000):
    total = add(total, i)
print(scale([1, "a"], 3), Box(2).n, double(4), total)
`;

let python: NodePython;

test.beforeAll(async () => {
	python = await loadNodePython();
});

/** qualname → opnames of dis.get_instructions, for every code object, walked like the explorer walks them. */
function reference(source: string): [string, string[]][] {
	python.py.globals.set('reference_source', source);
	return JSON.parse(
		python.py.runPython(`
import ast, dis, inspect, json
def _walk(code, out):
    out.append([code.co_qualname, [i.opname for i in dis.get_instructions(code)]])
    for const in code.co_consts:
        if inspect.iscode(const):
            _walk(const, out)
    return out
json.dumps(_walk(compile(reference_source, "<ref>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT), []))
`) as string
	) as [string, string[]][];
}

async function listed(panel: Locator): Promise<[string, string[]][]> {
	return panel
		.locator('section.bx-code')
		.evaluateAll((sections) =>
			sections.map((section) => [
				(section as HTMLElement).dataset['qualname'] ?? '',
				[...section.querySelectorAll<HTMLElement>('table.bx-table tbody tr')].map(
					(row) => row.dataset['opname'] ?? ''
				),
			])
		) as Promise<[string, string[]][]>;
}

async function focusText(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const highlight = (
			CSS as unknown as { highlights: Map<string, Iterable<Range>> }
		).highlights.get('widget-focus');
		return highlight ? [...highlight].map((range) => range.toString()) : [];
	});
}

async function axe(page: Page, theme: 'light' | 'dark'): Promise<void> {
	await page.evaluate((value) => {
		document.documentElement.dataset['theme'] = value;
	}, theme);
	const results = await new AxeBuilder({ page })
		.include('python-cell[data-widget="bytecode"] [data-widget-panel="bytecode"]')
		.withTags(WCAG)
		.analyze();
	const found = results.violations.map(
		(v) => `${theme}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(found).toEqual([]);
}

async function runProgram(page: Page): Promise<{ cell: Locator; panel: Locator }> {
	await page.goto(LESSON);
	const cell = page.locator('python-cell[data-widget="bytecode"]').first();
	await setCode(cell, PROGRAM);
	await run(cell);
	await expectState(cell, 'done', 60_000);
	const panel = cell.locator('[data-widget-panel="bytecode"]');
	await expect(panel.locator('table.bx-table').first()).toBeVisible();
	return { cell, panel };
}

test('lists exactly what dis.get_instructions gives, for every code object', async ({ page }) => {
	const { panel } = await runProgram(page);
	expect(await listed(panel)).toEqual(reference(PROGRAM));
	const captions = await panel.locator('table.bx-table caption').allTextContents();
	expect(captions).toEqual([
		'Bytecode of the module',
		'Bytecode of function scale, line 1',
		'Bytecode of class body Box, line 10',
		'Bytecode of function Box.__init__, line 11',
		'Bytecode of lambda <lambda>, line 14',
		'Bytecode of function add, line 16',
	]);
	const rows = panel.locator('section[data-qualname="add"] table.bx-table tbody tr');
	await expect(rows.nth(1)).toHaveAttribute('data-opname', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW');
	await expect(rows.nth(1)).toHaveAttribute('data-offset', '2');
	await expect(rows.nth(1)).toHaveAttribute('data-line', '17');
	await expect(panel.locator('section[data-qualname="<module>"] tbody tr').first()).toHaveAttribute(
		'data-line',
		'0'
	);
	// The try in scale has an exception table, drawn under the listing and over the rows it protects.
	const scale = panel.locator('section[data-qualname="scale"]');
	await expect(scale.locator('table.bx-exception-table tbody tr')).not.toHaveCount(0);
	await expect(scale.locator('.bx-exc-on').first()).toBeVisible();
});

/** More shapes of code: generators, coroutines, closures, match, with, comprehensions, f-strings. */
const MORE_PROGRAMS = [
	`def gen(n):
    for i in range(n):
        yield i * i

async def fetch(x):
    return x

async def main():
    return [await fetch(i) for i in range(3)]

print(list(gen(4)))
`,
	`def outer(k):
    def inner(x):
        nonlocal k
        k += 1
        return x + k
    return inner

def where(point):
    match point:
        case (0, 0):
            return "origin"
        case (x, 0):
            return f"x={x}"
        case _:
            return "elsewhere"

print(outer(1)(2), where((3, 0)))
`,
	`import io
with io.StringIO() as buffer:
    buffer.write("hi")
squares = {n: n * n for n in range(5) if n % 2}
words = sorted({w.upper() for w in "a b a".split()})
print(squares, words, buffer.closed)
`,
];

test('agrees with dis.get_instructions on generators, coroutines, closures, match and with', async ({ page }) => {
	await page.goto(LESSON);
	const cell = page.locator('python-cell[data-widget="bytecode"]').first();
	const panel = cell.locator('[data-widget-panel="bytecode"]');
	for (const program of MORE_PROGRAMS) {
		await setCode(cell, program);
		await run(cell);
		await expectState(cell, 'done', 60_000);
		expect(await listed(panel)).toEqual(reference(program));
	}
});

test('rows highlight their source columns; selecting source marks the rows', async ({ page }) => {
	const { cell, panel } = await runProgram(page);
	const binary = panel.locator('section[data-qualname="add"] tr[data-opname="BINARY_OP"]');
	await binary.focus();
	await expect.poll(() => focusText(page)).toEqual(['a + b']);
	// Line 17 is below the source view's fold: the view scrolled to show it.
	const visible = await panel.locator('.bx-source .source-view').evaluate((view) => {
		const highlight = (
			CSS as unknown as { highlights: Map<string, Iterable<Range>> }
		).highlights.get('widget-focus');
		const range = highlight ? [...highlight][0] : undefined;
		const at = range?.getBoundingClientRect();
		const box = view.getBoundingClientRect();
		return Boolean(at && view.scrollTop > 0 && at.top >= box.top && at.bottom <= box.bottom);
	});
	expect(visible).toBe(true);
	// Arrow keys move between rows (roving tabindex) and the highlight follows.
	await page.keyboard.press('ArrowDown');
	await expect(
		panel.locator('section[data-qualname="add"] tr[data-opname="RETURN_VALUE"]')
	).toBeFocused();
	await expect.poll(() => focusText(page)).toEqual(['return a + b']);
	await expect(
		panel.locator('section[data-qualname="add"] tr[data-opname="RETURN_VALUE"]')
	).toHaveAttribute('tabindex', '0');
	await expect(binary).toHaveAttribute('tabindex', '-1');

	// Select "a + b" in the source view: the instructions made from it are marked and counted aloud.
	await panel.locator('[data-source-view]').evaluate((view, source) => {
		const text = view.querySelector('code')?.firstChild as Text;
		const start = source.indexOf('a + b');
		const range = document.createRange();
		range.setStart(text, start);
		range.setEnd(text, start + 'a + b'.length);
		const selection = document.getSelection();
		selection?.removeAllRanges();
		selection?.addRange(range);
	}, PROGRAM);
	const related = panel.locator('tr[data-related="true"]');
	await expect(related).not.toHaveCount(0);
	const opnames = await related.evaluateAll((rows) =>
		rows.map((row) => (row as HTMLElement).dataset['opname'])
	);
	expect(opnames).toContain('BINARY_OP');
	expect(opnames).toContain('LOAD_FAST_BORROW_LOAD_FAST_BORROW');
	await expect(
		panel.locator('section[data-qualname="add"] tr[data-opname="BINARY_OP"]')
	).toHaveClass(/bx-related/);
	// The listing scrolled to the rows made from the selection itself (not to the def statement enclosing it).
	await expect
		.poll(() =>
			panel.locator('section[data-qualname="add"] tr[data-opname="BINARY_OP"]').evaluate((row) => {
				const scroller = row.closest('.bx-listings') as HTMLElement;
				const box = scroller.getBoundingClientRect();
				const at = row.getBoundingClientRect();
				return at.top >= box.top && at.bottom <= box.bottom;
			})
		)
		.toBe(true);
	await expect(cell.locator('[data-bx-status]')).toHaveText(
		`${opnames.length} instructions for the selected source “a + b”.`
	);
});

test('jump arguments lead to their targets; every opcode explains itself', async ({ page }) => {
	const { panel } = await runProgram(page);
	const scale = panel.locator('section[data-qualname="scale"]');
	const jump = scale.locator('tr[data-opname="FOR_ITER"] button.bx-jump');
	const target = await jump.getAttribute('data-jump-to');
	await jump.click();
	const focused = scale.locator(`tr.bx-row[data-offset="${target}"]`);
	await expect(focused).toBeFocused();
	await expect(focused.locator('.bx-label')).toHaveText(/^L\d+:$/);
	expect(await jump.textContent()).toBe(
		`to ${(await focused.locator('.bx-label').textContent())?.replace(':', '')}`
	);

	const row = panel.locator(
		'section[data-qualname="add"] tr[data-opname="LOAD_FAST_BORROW_LOAD_FAST_BORROW"]'
	);
	await row.getByRole('button', { name: 'Explain LOAD_FAST_BORROW_LOAD_FAST_BORROW' }).click();
	const explanation = panel.locator('[data-bx-explain]');
	await expect(explanation).toContainText('borrowed references to two local variables');
	await expect(explanation).toContainText('Stack effect with argument');
	// By keyboard: focus a row, Enter.
	await panel.locator('section[data-qualname="add"] tr[data-opname="BINARY_OP"]').focus();
	await page.keyboard.press('Enter');
	await expect(explanation).toContainText('Pops two operands');
	await expect(explanation).toContainText('Specialized forms the adaptive interpreter can swap in');
	// → reaches the row's Explain button.
	await page.keyboard.press('ArrowRight');
	await expect(
		panel.locator('section[data-qualname="add"] tr[data-opname="BINARY_OP"] button.bx-explain')
	).toBeFocused();
});

test('the adaptive view shows what the run specialized; caches show their contents', async ({
	page,
}) => {
	const { panel } = await runProgram(page);
	const add = panel.locator('section[data-qualname="add"]');
	await expect(add.locator('tr[data-opname="BINARY_OP"]')).toHaveCount(1);
	await panel.getByLabel('Specialized (adaptive) view').check();
	await expect(add.locator('tr[data-opname="BINARY_OP_ADD_INT"]')).toHaveCount(1);
	await expect(add.locator('tr[data-opname="BINARY_OP_ADD_INT"] .bx-family')).toHaveText(
		' (specialized BINARY_OP)'
	);
	await expect(add.locator('tr[data-opname="RESUME_CHECK"]')).toHaveCount(1);
	await add
		.locator('tr[data-opname="BINARY_OP_ADD_INT"]')
		.getByRole('button', { name: 'Explain BINARY_OP_ADD_INT' })
		.click();
	await expect(panel.locator('[data-bx-explain]')).toContainText(
		'A specialized form of BINARY_OP, for int + int'
	);
	await expect(panel.locator('[data-bx-explain]')).toContainText('BINARY_OP_EXTEND');

	await panel.getByLabel('Show inline caches').check();
	const caches = add.locator('tr[data-opname="CACHE"]');
	await expect(caches).toHaveCount(5);
	await expect(caches.first().locator('.bx-meaning')).toHaveText(/^counter: \d+$/);
	// The toggles survive the next run.
	await run(panel.locator('xpath=ancestor::python-cell'));
	await expectState(panel.locator('xpath=ancestor::python-cell'), 'done', 60_000);
	await expect(panel.getByLabel('Specialized (adaptive) view')).toBeChecked();
	await expect(add.locator('tr[data-opname="BINARY_OP_ADD_INT"]')).toHaveCount(1);
});

test('passes axe in both themes and fits a phone', async ({ page }) => {
	await page.setViewportSize({ width: 375, height: 800 });
	const { panel } = await runProgram(page);
	await panel.locator('tr.bx-row').first().focus();
	await axe(page, 'light');
	await axe(page, 'dark');
	const widths = await page.evaluate(() => ({
		page: document.documentElement.scrollWidth,
		view: window.innerWidth,
	}));
	expect(widths.page).toBeLessThanOrEqual(widths.view);
	// The table scrolls inside the widget instead.
	const scroller = panel.locator('.bx-scroll').first();
	expect(await scroller.evaluate((node) => node.scrollWidth > node.clientWidth)).toBe(true);
});

test('a run that raises still shows its bytecode; code that does not compile says so', async ({
	page,
}) => {
	await page.goto(LESSON);
	const cell = page.locator('python-cell[data-widget="bytecode"]').first();
	const panel = cell.locator('[data-widget-panel="bytecode"]');
	await setCode(cell, 'def half(n):\n    return n / 0\n\nhalf(1)\n');
	await run(cell);
	await expectState(cell, 'error', 60_000);
	expect(await listed(panel)).toEqual(reference('def half(n):\n    return n / 0\n\nhalf(1)\n'));
	// The editor is loaded now: replace its text directly.
	await cell.getByRole('textbox').focus();
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.insertText('def broken(:\n    pass\n');
	await run(cell);
	await expectState(cell, 'error', 60_000);
	await expect(panel).toContainText('The code did not compile, so it has no bytecode yet');
	await expect(panel.locator('table')).toHaveCount(0);
});

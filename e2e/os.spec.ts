/**
 * The OS-layer widgets on their lesson (/lessons/operating-system/): the system-call trace (`widget="syscalls"`)
 * and the memory chart (`widget="wasm-memory"`). Each runs EDITED code and checks the widget shows what the edit
 * did; then both cells are scanned with axe in both themes and checked on a 375px phone.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectState, output, run, setCode } from './helpers';

const LESSON = '/lessons/operating-system/';
// The edit: another folder, another module name, another source (so other paths and byte counts).
const MODULE_SOURCE = "def wave():\\n    return 'o/'\\n";
const WRITE_THEN_IMPORT = `import os, sys
os.makedirs("/tmp/e2e11", exist_ok=True)
with open("/tmp/e2e11/waver.py", "w") as source:
    source.write("${MODULE_SOURCE}")
sys.path.insert(0, "/tmp/e2e11")
import waver
print(waver.wave())
`;
const SOURCE_BYTES = "def wave():\n    return 'o/'\n".length;

// 150 MB: more than the memory has to spare when the page starts, so it must grow.
const ALLOCATE = `blocks = [bytearray(1_000_000) for _ in range(150)]
print("allocated", len(blocks), "MB")
del blocks
after = sum(range(100_000))
`;

async function runWidget(
	page: Page,
	name: string,
	code: string
): Promise<{ cell: Locator; panel: Locator }> {
	const cell = page.locator(`python-cell[data-widget="${name}"]`).first();
	await setCode(cell, code);
	await run(cell);
	await expectState(cell, 'done', 60_000);
	return { cell, panel: cell.locator(`[data-widget-panel="${name}"]`) };
}

async function axe(page: Page, selector: string): Promise<void> {
	await expectNoAxeViolations(page, selector);
}

async function sidewaysOverflow(page: Page): Promise<number> {
	return page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
}

/** How far the widget's own parts reach past the window's right edge. */
async function widestPart(panel: Locator): Promise<number> {
	return panel.evaluate((root) => {
		const parts = [...root.querySelectorAll(':scope > * > *')];
		return Math.max(...parts.map((part) => part.getBoundingClientRect().right)) - window.innerWidth;
	});
}

test.describe('operating-system lesson widgets', () => {
	test('the system-call trace shows the edited module written, then imported', async ({ page }) => {
		await page.goto(LESSON);
		const { cell, panel } = await runWidget(page, 'syscalls', WRITE_THEN_IMPORT);
		await expect(output(cell)).toContainText('o/');
		const onModule = panel.locator('tr[data-path="/tmp/e2e11/waver.py"]');
		const ops = await onModule.evaluateAll((rows) =>
			rows.map((r) => (r as HTMLElement).dataset['syscall'])
		);
		expect(ops[0]).toBe('open');
		expect(ops.indexOf('write')).toBeGreaterThan(0);
		expect(ops.lastIndexOf('read')).toBeGreaterThan(ops.indexOf('write'));
		expect(ops.at(-1)).toBe('close');
		await expect(
			onModule.and(page.locator('[data-syscall="write"]')).locator('[data-bytes]')
		).toHaveText(`${SOURCE_BYTES} B`);
		await expect(
			onModule.and(page.locator('[data-syscall="read"]')).first().locator('[data-bytes]')
		).toHaveText(`${SOURCE_BYTES} B`);
		await expect(panel.locator('tr[data-syscall="readdir"][data-path="/tmp/e2e11"]')).toHaveCount(
			1
		);
		await expect(panel.locator('[data-syscall-summary]')).toContainText('file-system calls');

		// By keyboard: switch to one row per path, then keep only the writes.
		await panel.getByRole('radio', { name: 'one row per path' }).check();
		await expect(panel.locator('[data-syscall-view="paths"]')).toBeVisible();
		await expect(panel.locator('tr[data-path-row="/tmp/e2e11/waver.py"]')).toContainText(
			'Python source'
		);
		await panel.getByRole('radio', { name: 'one row per call' }).check();
		const operation = panel.getByLabel('Operation');
		await operation.focus();
		await operation.selectOption('write');
		await expect(panel.locator('tr[data-syscall]')).toHaveCount(1);
		// Only the table was redrawn: focus stays on the menu.
		await expect(operation).toBeFocused();
	});

	test('the memory chart shows the edited allocation growing the memory, which never shrinks', async ({
		page,
	}) => {
		await page.goto(LESSON);
		const { cell, panel } = await runWidget(page, 'wasm-memory', ALLOCATE);
		await expect(output(cell)).toContainText('allocated 150 MB');
		const root = panel.locator('[data-wasm-memory]');
		await expect(root).toHaveAttribute('data-shrank', 'false');
		const start = Number(await root.getAttribute('data-start-bytes'));
		const end = Number(await root.getAttribute('data-end-bytes'));
		expect(end - start).toBeGreaterThan(0);
		expect(end % 65536).toBe(0);
		expect(Number(await root.getAttribute('data-growths'))).toBeGreaterThanOrEqual(1);
		// The growths happened on the edited line 1, and the table ends with the total in pages.
		await expect(panel.locator('tr[data-growth]').first()).toContainText('after line 1');
		await expect(panel.locator('tbody tr').last()).toContainText(
			`+${((end - start) / 65536).toLocaleString('en')} pages in all`
		);
		await expect(panel.locator('svg[role="img"]')).toBeVisible();
		await expect(panel.locator('[data-memory-summary]')).toContainText('never shrank');

		// Run the same code again: malloc reuses the room the first run left, so nothing grows, nothing shrinks.
		await run(cell);
		await expectState(cell, 'done', 60_000);
		await expect(root).toHaveAttribute('data-growths', '0');
		await expect(root).toHaveAttribute('data-start-bytes', String(end));
	});

	test('both widgets pass axe in light and dark after their cells ran, and fit a phone', async ({
		page,
	}) => {
		await page.goto(LESSON);
		const calls = await runWidget(page, 'syscalls', WRITE_THEN_IMPORT);
		const memory = await runWidget(page, 'wasm-memory', ALLOCATE);
		await expect(calls.panel.locator('tr[data-syscall]').first()).toBeAttached();
		await expect(memory.panel.locator('svg')).toBeAttached();
		await axe(page, 'python-cell[data-widget="syscalls"]');
		await axe(page, 'python-cell[data-widget="wasm-memory"]');
		await page.setViewportSize({ width: 375, height: 800 });
		await expect(calls.panel.locator('table')).toBeVisible();
		await expect(memory.panel.locator('table')).toBeVisible();
		expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
		expect(await widestPart(calls.panel)).toBeLessThanOrEqual(0);
		expect(await widestPart(memory.panel)).toBeLessThanOrEqual(0);
	});
});

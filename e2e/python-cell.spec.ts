import { expect, test } from '@playwright/test';
import { cellOf, expectState, output, run, runInPlayground, runThenStop, setCode } from './helpers';

test.describe('live cells', () => {
	test.beforeEach(async ({ page }) => {
		await page.goto('/playground/');
	});

	test('runs the cell and shows its stdout', async ({ page }) => {
		const cell = cellOf(page);
		await expect(cell).toHaveAttribute('data-state', 'idle');
		await run(cell);
		await expectState(cell, 'done');
		await expect(output(cell)).toContainText('Hello, world!');
		await expect(output(cell)).toContainText('cpython 3.14.2 on emscripten');
	});

	test('edits in an editor, runs with Ctrl+Enter, keeps edits after reload, and resets', async ({ page }) => {
		const cell = cellOf(page);
		await setCode(cell, 'print(6 * 7)');
		await expect(cell.getByRole('textbox')).toHaveAccessibleName('Code: Playground');
		await page.keyboard.press('Control+Enter');
		await expectState(cell, 'done');
		await expect(output(cell)).toHaveText(/^42\s*$/);
		await page.waitForTimeout(400); // edits are saved after a short pause
		await page.reload();
		await expect(cellOf(page).locator('[data-code]')).toContainText('print(6 * 7)');
		await expect(cellOf(page).locator('.cell-badge')).toBeVisible();
		await cellOf(page).getByRole('button', { name: 'Reset' }).click();
		await expect(cellOf(page).locator('[data-code]')).toContainText('def greet(name):');
		await page.reload();
		await expect(cellOf(page).locator('[data-code]')).toContainText('def greet(name):');
	});

	test('Stop ends a Python loop within a second and keeps the interpreter', async ({ page }) => {
		await runInPlayground(page, 'import sys\nsys.marker = 42\nprint("set")');
		const cell = cellOf(page);
		expect(await runThenStop(cell, 'while True:\n    pass', 'done')).toBeLessThan(1_000);
		await expect(output(cell)).toContainText('KeyboardInterrupt');
		await runInPlayground(page, 'import sys\nprint(sys.marker)');
		await expect(output(cell)).toHaveText(/^42\s*$/);
	});

	test('Stop ends a C loop by restarting Python, with a notice', async ({ page }) => {
		const cell = cellOf(page);
		expect(await runThenStop(cell, 'sum(range(10**11))', 'error')).toBeLessThan(2_500);
		await expect(output(cell)).toContainText('The interpreter was restarted');
		await runInPlayground(page, 'print("alive")');
		await expect(output(cell)).toContainText('alive');
	});

	test('a cell with a time budget stops a run that goes over it and says so', async ({ page }) => {
		const cell = cellOf(page);
		// The budget is the cell's data-timeout (from <PythonCell timeout={…}>), read when Run is pressed.
		await cell.evaluate((element) => element.setAttribute('data-timeout', '1'));
		await setCode(cell, 'while True:\n    pass');
		await run(cell);
		await expectState(cell, 'done', 10_000);
		await expect(output(cell)).toContainText('Stopped: the run went over this cell’s time budget of 1 s');
	});

	test('a flood of output is capped and the page stays responsive', async ({ page }) => {
		await page.evaluate(() => {
			const w = window as unknown as { longTasks: number[] };
			w.longTasks = [];
			new PerformanceObserver((list) => {
				for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
			}).observe({ type: 'longtask' });
		});
		const cell = cellOf(page);
		await setCode(cell, 'for i in range(10**6):\n    print(i)');
		await run(cell);
		await expectState(cell, 'done', 60_000);
		await expect(output(cell)).toContainText('Output truncated');
		const text = (await output(cell).locator('.cell-stream').first().textContent()) ?? '';
		expect(text.length).toBe(100_000);
		const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
		expect(longest).toBeLessThan(250);
	});

	test('recursion through C that overflows the JS stack restarts Python by itself', async ({ page }) => {
		const code = [
			'import sys',
			'sys.setrecursionlimit(100_000)',
			'class K:',
			'    def __init__(self, n): self.n = n',
			'    def __repr__(self): return repr(K(self.n - 1)) if self.n else "end"',
			'repr(K(50_000))',
		].join('\n');
		const cell = await runInPlayground(page, code);
		await expect(cell).toHaveAttribute('data-state', 'error');
		await expect(output(cell)).toContainText('The Python runtime crashed');
		await expect(output(cell)).toContainText('The interpreter was restarted');
		await runInPlayground(page, 'print("works again")');
		await expect(output(cell)).toContainText('works again');
	});

	test('input() asks in the output and the program continues with the answer', async ({ page }) => {
		const cell = cellOf(page);
		await setCode(cell, 'name = input("Your name? ")\nprint("Hello,", name)');
		await run(cell);
		const field = output(cell).getByRole('textbox', { name: 'Input for the program:' });
		await expect(field).toBeFocused();
		await expect(output(cell)).toContainText('Your name?');
		await field.fill('Ada');
		await field.press('Enter');
		await expectState(cell, 'done');
		await expect(output(cell)).toContainText('Hello, Ada');
	});

	test('sys.exit() is reported and the interpreter lives on', async ({ page }) => {
		const cell = await runInPlayground(page, 'import sys\nprint("before")\nsys.exit(3)');
		await expect(output(cell)).toContainText('sys.exit(3): exit status 3');
		await runInPlayground(page, 'print("after")');
		await expect(output(cell)).toContainText('after');
	});

	test('output that looks like HTML is shown as text', async ({ page }) => {
		let dialogs = 0;
		page.on('dialog', (dialog) => {
			dialogs++;
			void dialog.dismiss();
		});
		const cell = await runInPlayground(page, "print('<img src=x onerror=alert(1)>')\nraise ValueError('<b>bold</b>')");
		await expect(output(cell)).toContainText('<img src=x onerror=alert(1)>');
		await expect(output(cell)).toContainText('ValueError: <b>bold</b>');
		await expect(output(cell).locator('img, b')).toHaveCount(0);
		expect(dialogs).toBe(0);
	});

	test('tracebacks show the learner’s frames, not Pyodide’s', async ({ page }) => {
		const cell = await runInPlayground(page, 'def f():\n    return 1 / 0\nf()');
		const traceback = output(cell).locator('.cell-traceback');
		await expect(traceback).toContainText('File "<cell 1>", line 3, in <module>');
		await expect(traceback).toContainText('ZeroDivisionError: division by zero');
		await expect(traceback).not.toContainText('_pyodide');
	});

	test('when Python cannot load, the cell says so, offers Retry, and the page still reads', async ({ page }) => {
		await page.route('**/pyodide/python_stdlib.zip', (route) => route.fulfill({ status: 404, body: 'missing' }));
		await page.goto('/playground/');
		const cell = cellOf(page);
		await run(cell);
		await expectState(cell, 'error');
		await expect(output(cell)).toContainText('Python could not load');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Playground');
		await page.unroute('**/pyodide/python_stdlib.zip');
		await output(cell).getByRole('button', { name: 'Retry' }).click();
		await expectState(cell, 'done');
		await expect(output(cell)).toContainText('Hello, world!');
	});
});

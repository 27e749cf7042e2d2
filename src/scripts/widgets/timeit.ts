/**
 * The timeit distribution (`widget="timeit"`): the cell's last statement timed with timeit, every repeat drawn.
 *
 * What a cell needs: its LAST top-level statement is what is timed (an expression or a simple statement, such as
 * `total = sum(squares)` or `f(data)`; a multi-line `for` loop works too). Everything before it is the setup: it
 * runs once, in the cell's own run, and the timed statement sees the names it defined (like timeit's `setup=`
 * with `globals=`). The last statement also runs once in the cell's run, then number × repeats times more while
 * timed, so it should be repeatable (no `xs.pop()` on a short list). What it prints while timed is discarded.
 * A cell that ends with a `def` or `class`, uses `await` in its last statement, or has no statement gets a message
 * instead of a timing. Timing takes about a second (fewer repeats for a slow statement) and is stopped after
 * 15 seconds. Drawn by src/widgets/timeit-view.ts.
 *
 * How: the runner wraps the cell's run with the recorder `lifecycle.timing`, which keeps the run's namespace;
 * `lifecycle.timing.measure` then runs as a normal, stoppable run (a widget's `call` cannot be interrupted, and the
 * statement may be slow), and its result is fetched with `last_result`. "Time again" re-times with the chosen
 * number of repeats without running the cell again.
 */
import '../../styles/widgets.css';
import '../../styles/widget-timeit.css';
import type { PythonClient } from '../../python/client';
import { DEFAULT_REPEATS, REPEAT_CHOICES, render, type Timing } from '../../widgets/timeit-view';
import type { Widget } from './types';

/** A timing run is stopped after this long (the helper itself stays near its one-second budget). */
const RUN_SECONDS = 15;

let panels = 0;

/** Run lifecycle.timing.measure as a stoppable run; its result, or why there is none. */
async function measure(
	python: PythonClient,
	filename: string,
	code: string,
	repeats: number
): Promise<Timing | string> {
	// The arguments cross as JSON text inside a Python string literal (a JSON string is one).
	const args = JSON.stringify(JSON.stringify([filename, code, repeats]));
	const program = `import json\nfrom lifecycle.timing import measure\nmeasure(*json.loads(${args}))\n`;
	const outcome = await python.run({
		code: program,
		namespace: 'fresh',
		filename: '<timeit>',
		timeoutMs: RUN_SECONDS * 1000,
	}).done;
	if (outcome.status === 'ok') {
		const result = await python.call<Timing | null>('lifecycle.timing', 'last_result', []);
		if (result !== null) return result;
	}
	if ('stoppedBy' in outcome && outcome.stoppedBy === 'timeout')
		return `Timing did not finish within ${RUN_SECONDS} seconds, so it was stopped: the statement is too slow to time repeatedly.`;
	if (outcome.status === 'restarted')
		return `Python restarted (${outcome.message}); run the cell again.`;
	if (outcome.status === 'error')
		return `Timing failed: ${outcome.error.type}: ${outcome.error.message}`;
	return 'Timing was stopped before it finished.';
}

function notice(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

const widget: Widget = {
	recorder: 'timing',
	async update({ code, filename, outcome, python, panel }) {
		const document = panel.ownerDocument;
		if (outcome.status !== 'ok') {
			panel.replaceChildren(
				notice(
					document,
					'Nothing was timed: the cell has to run to its end first (the setup and the statement must work once).'
				)
			);
			return;
		}
		panels += 1;
		const idPrefix = `timeit-${panels}`;
		const status = document.createElement('p');
		status.className = 'widget-status';
		status.setAttribute('role', 'status');
		const view = document.createElement('div');
		panel.replaceChildren(view, status);
		let repeats: number = DEFAULT_REPEATS;
		let busy = false;

		const show = (result: Timing | string, focus?: string) => {
			if (typeof result === 'string') {
				view.replaceChildren(notice(document, result), status);
				return;
			}
			const drawn = render(result, { document, idPrefix, repeats });
			// The status region sits right under the controls it reports on (kept, so screen readers keep it).
			(drawn.querySelector('[data-timeit-form]') ?? drawn.firstElementChild)?.after(status);
			view.replaceChildren(drawn);
			drawn.querySelector('[data-timeit-form]')?.addEventListener('submit', (event) => {
				event.preventDefault();
				const picked = Number(
					drawn.querySelector<HTMLSelectElement>('[data-timeit-repeats]')?.value
				);
				if ((REPEAT_CHOICES as readonly number[]).includes(picked)) repeats = picked;
				void time('[data-timeit-again]');
			});
			if (focus) view.querySelector<HTMLElement>(focus)?.focus();
		};

		const time = async (focus?: string) => {
			if (busy) return;
			busy = true;
			view.setAttribute('aria-busy', 'true');
			for (const control of view.querySelectorAll<HTMLButtonElement | HTMLSelectElement>(
				'button, select'
			))
				control.disabled = true;
			status.textContent = `Timing the last statement, ${repeats} repeats (about a second)…`;
			try {
				const result = await measure(python, filename, code, repeats);
				show(result, focus);
				status.textContent =
					typeof result === 'string' || result.status !== 'ok'
						? ''
						: `Timed: ${result.repeats} repeats of ${result.number?.toLocaleString('en')} loops.`;
			} catch (error) {
				view.replaceChildren(
					notice(
						document,
						`Could not time it: ${error instanceof Error ? error.message : String(error)}`
					),
					status
				);
				status.textContent = '';
			} finally {
				busy = false;
				view.removeAttribute('aria-busy');
			}
		};

		await time();
	},
};

export default widget;

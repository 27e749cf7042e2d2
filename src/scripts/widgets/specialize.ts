/**
 * `specialize` widget: the specialization explorer. The runner wraps the cell's run with lifecycle.specialize's
 * recorder, which keeps the functions the cell defined; this draws their adaptive bytecode, and on request warms
 * one up N more times (arguments typed by the learner) or times cold vs warm calls, then redraws, marking which
 * instructions changed into what.
 *
 * Warm-ups and timings call the learner's function, which may loop forever, and a `call` cannot be stopped: so
 * they go through `python.run` (a normal run, with a time budget that interrupts it), and the result is fetched
 * afterwards with a quick `call`.
 */
import '../../styles/widgets.css';
import '../../styles/widget-specialize.css';
import { changesOf, presetArgs, render, WARM_UP_TIMES, type Explored, type Timings, type ViewState } from '../../widgets/specialize-view';
import type { PythonClient } from '../../python/client';
import type { Widget } from './types';

/** Time budget of one warm-up or timing, in seconds. */
const ACTION_SECONDS = 10;

let panels = 0;

interface WarmResult {
	calls: number;
	error: string | null;
}

interface TimeResult {
	error: string | null;
	timings: Timings | null;
}

/** Run `fn(*args)` of lifecycle.specialize as a stoppable, time-limited run; its result, or why there is none. */
async function runAction<T>(python: PythonClient, fn: string, args: unknown[]): Promise<T | string> {
	// The arguments cross as JSON text inside a Python string literal (a JSON string is one).
	const code = `import json\nfrom lifecycle.specialize import ${fn}\n${fn}(*json.loads(${JSON.stringify(JSON.stringify(args))}))\n`;
	const outcome = await python.run({ code, namespace: 'fresh', filename: '<specialize>', timeoutMs: ACTION_SECONDS * 1000 }).done;
	if (outcome.status === 'ok') {
		const result = await python.call<T | null>('lifecycle.specialize', 'last_result', []);
		if (result !== null) return result;
	}
	if ('stoppedBy' in outcome && outcome.stoppedBy === 'timeout') return `It did not finish within ${ACTION_SECONDS} seconds, so it was stopped.`;
	if (outcome.status === 'restarted') return `Python restarted (${outcome.message}); run the cell again.`;
	if (outcome.status === 'error') return `It failed: ${outcome.error.type}: ${outcome.error.message}`;
	return 'It was stopped before it finished.';
}

function defaultArgs(explored: Explored, index: number): string {
	const fn = explored.functions.find((f) => f.index === index);
	return presetArgs('ints', fn?.argcount ?? 0);
}

const widget: Widget = {
	recorder: 'specialize',
	async update({ code, filename, python, panel }) {
		panels += 1;
		const idPrefix = `spec-${panels}`;
		const status = document.createElement('p');
		status.className = 'widget-status';
		status.setAttribute('role', 'status');
		const view = document.createElement('div');
		panel.replaceChildren(view, status);


		const explore = () => python.call<Explored>('lifecycle.specialize', 'explore', [filename, code]);
		const first = await explore();
		const firstAlive = first.functions.find((fn) => fn.alive)?.index ?? 0;
		const state: ViewState = {
			explored: first,
			previous: null,
			selected: firstAlive,
			args: defaultArgs(first, firstAlive),
			times: 10,
			timings: null,
			idPrefix,
		};
		let busy = false;

		const draw = (focus?: string) => {
			const drawn = render(state, { document });
			// The one status region moves into each drawing, right under the controls it reports on (kept, not
			// recreated, so screen readers keep announcing it).
			(drawn.querySelector('[data-spec-form]') ?? drawn.firstElementChild)?.after(status);
			view.replaceChildren(drawn);
			wire();
			if (focus) view.querySelector<HTMLElement>(focus)?.focus();
		};

		const readForm = () => {
			state.selected = Number(view.querySelector<HTMLSelectElement>('[data-spec-function]')?.value ?? state.selected);
			state.args = view.querySelector<HTMLInputElement>('[data-spec-args]')?.value ?? state.args;
			const times = Number(view.querySelector<HTMLSelectElement>('[data-spec-times]')?.value);
			if ((WARM_UP_TIMES as readonly number[]).includes(times)) state.times = times;
		};

		const act = async (kind: 'warm' | 'time', focus: string) => {
			if (busy) return;
			readForm();
			busy = true;
			view.setAttribute('aria-busy', 'true');
			for (const button of view.querySelectorAll<HTMLButtonElement>('button')) button.disabled = true;
			const name = state.explored.functions.find((f) => f.index === state.selected)?.qualname ?? 'the function';
			status.textContent = kind === 'warm' ? `Calling ${name} ${state.times} times…` : `Timing ${name}, cold vs warm (about a second)…`;
			try {
				const before = state.explored;
				const result =
					kind === 'warm'
						? await runAction<WarmResult>(python, 'warm', [filename, state.selected, state.times, state.args])
						: await runAction<TimeResult>(python, 'time_calls', [filename, state.selected, state.args]);
				state.explored = await explore();
				state.previous = before;
				const changed = countChanges(before, state.explored);
				if (typeof result === 'string') status.textContent = result;
				else if ('calls' in result) {
					status.textContent = result.error
						? `${result.error} (${result.calls} calls made.)`
						: `Called ${name} ${result.calls} more ${result.calls === 1 ? 'time' : 'times'}: ${changed} instruction${changed === 1 ? '' : 's'} changed.`;
				} else {
					state.timings = result.timings;
					status.textContent = result.error ?? `Timed ${name}: ${changed} instruction${changed === 1 ? '' : 's'} changed meanwhile.`;
				}
			} catch (error) {
				status.textContent = `Could not do it: ${error instanceof Error ? error.message : String(error)}`;
			} finally {
				busy = false;
				view.removeAttribute('aria-busy');
				draw(focus);
			}
		};

		const wire = () => {
			const form = view.querySelector<HTMLFormElement>('[data-spec-form]');
			form?.addEventListener('submit', (event) => {
				event.preventDefault();
				void act('warm', '[data-spec-warm]');
			});
			view.querySelector('[data-spec-time]')?.addEventListener('click', () => void act('time', '[data-spec-time]'));
			view.querySelector('[data-spec-function]')?.addEventListener('change', (event) => {
				const picked = Number((event.target as HTMLSelectElement).value);
				if (picked === state.selected) return;
				// Another function takes other arguments: offer ints for its parameters.
				state.selected = picked;
				const field = view.querySelector<HTMLInputElement>('[data-spec-args]');
				if (field) field.value = defaultArgs(state.explored, picked);
			});
			for (const button of view.querySelectorAll<HTMLButtonElement>('[data-spec-preset]')) {
				button.addEventListener('click', () => {
					const kind = button.dataset['specPreset'] as 'ints' | 'floats' | 'strings';
					const fn = state.explored.functions.find((f) => f.index === Number(view.querySelector<HTMLSelectElement>('[data-spec-function]')?.value));
					const field = view.querySelector<HTMLInputElement>('[data-spec-args]');
					if (field) field.value = presetArgs(kind, fn?.argcount ?? 0);
				});
			}
		};

		draw();
		status.textContent = first.recorded
			? `${first.functions.length} function${first.functions.length === 1 ? '' : 's'} found.`
			: 'Nothing was recorded for this run.';
	},
};

function countChanges(before: Explored, after: Explored): number {
	return after.functions.reduce((sum, fn) => sum + changesOf(before.functions.find((f) => f.index === fn.index), fn).length, 0);
}

export default widget;

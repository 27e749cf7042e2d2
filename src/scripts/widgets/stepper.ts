/**
 * The bytecode stepper (`widget="stepper"`): the runner wraps the cell's real run with lifecycle/stepper.py
 * (`recorder: 'stepper'`), which records one step per instruction; here the recording is fetched, drawn with
 * src/widgets/stepper-view.ts and stepped with Step / Step back / Run to line / Restart (buttons, so the keyboard
 * works; on the stepper, ArrowRight / ArrowLeft also step). Each step highlights its instruction's exact source
 * columns in the source view.
 */
import '../../styles/widgets.css';
import '../../styles/widget-stepper.css';
import { highlightSpans, renderSource } from '../../widgets/source-view';
import { render, showStep, type StepperRecording } from '../../widgets/stepper-view';
import type { Widget } from './types';

const MODULE = 'lifecycle.stepper';

/** The listeners of a panel's previous drawing, removed when it is redrawn. */
const teardownOf = new WeakMap<HTMLElement, AbortController>();

function notice(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice';
	p.textContent = text;
	return p;
}

const stepper: Widget = {
	recorder: 'stepper',
	async update(context) {
		teardownOf.get(context.panel)?.abort();
		const teardown = new AbortController();
		teardownOf.set(context.panel, teardown);
		const document = context.panel.ownerDocument;
		let recording: StepperRecording | null;
		try {
			recording = await context.python.call<StepperRecording | null>(MODULE, 'result', [context.filename]);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			context.panel.replaceChildren(notice(document, `The recording could not be read: ${message}`));
			return;
		}
		if (!recording || recording.steps.length === 0) {
			const text = !recording
				? 'Nothing was recorded: run the cell to step through its instructions.'
				: recording.monitored
					? 'The program ran no instructions of its own (did it compile?): nothing to step through.'
					: 'Every sys.monitoring tool id was taken by the program itself, so the stepper could not record.';
			context.panel.replaceChildren(notice(document, text));
			return;
		}
		const data = recording;
		const source = renderSource(context.code, { document, label: 'Source of the program; the current instruction’s columns are highlighted' });
		const root = render(data, { document, source });
		context.panel.replaceChildren(root);
		let index = 0;
		const go = (to: number) => {
			index = Math.max(0, Math.min(to, data.steps.length - 1));
			const instruction = showStep(root, data, index, { document });
			highlightSpans(source, context.code, 'widget-focus', instruction?.positions ? [instruction.positions] : []);
			const current = root.querySelector<HTMLElement>('tr[aria-current="step"]');
			const scroller = root.querySelector<HTMLElement>('[data-listing]');
			if (current && scroller) {
				const box = scroller.getBoundingClientRect();
				const at = current.getBoundingClientRect();
				if (at.top < box.top || at.bottom > box.bottom) scroller.scrollTop += at.top - box.top - box.height / 3;
			}
		};
		const select = root.querySelector<HTMLSelectElement>('[data-line]');
		const runToLine = () => {
			const line = Number(select?.value);
			const after = data.steps.findIndex((s, i) => i > index && s.line === line);
			if (after >= 0) go(after);
			else {
				const narration = root.querySelector<HTMLElement>('[data-narration]');
				if (narration) narration.textContent = `Line ${line} is not reached after step ${index + 1}.`;
			}
		};
		const signal = teardown.signal;
		root.addEventListener(
			'click',
			(event) => {
				const action = (event.target as HTMLElement).closest<HTMLElement>('button[data-action]')?.dataset['action'];
				if (action === 'step') go(index + 1);
				else if (action === 'back') go(index - 1);
				else if (action === 'restart') go(0);
				else if (action === 'run-to-line') runToLine();
				// A button that became disabled loses focus: keep the learner's place on the next live control.
				const active = document.activeElement as HTMLButtonElement | null;
				if (active?.disabled) root.querySelector<HTMLButtonElement>('button[data-action]:not(:disabled)')?.focus();
			},
			{ signal }
		);
		root.addEventListener(
			'keydown',
			(event) => {
				const target = event.target as HTMLElement;
				if (target.closest('select, input, [data-source-view]')) return;
				if (event.key === 'ArrowRight') go(index + 1);
				else if (event.key === 'ArrowLeft') go(index - 1);
				else return;
				event.preventDefault();
			},
			{ signal }
		);
		go(0);
	},
};

export default stepper;

/**
 * The frame stack stepper (`widget="frames"`): the runner wraps the cell's real run with `lifecycle.frames`
 * (a sys.settrace recorder), then this widget fetches what it recorded and lets the learner step through it line by
 * line, forward and back, watching frames pushed and popped. Drawn by src/widgets/frame-stack.ts.
 */
import '../../styles/widgets.css';
import '../../styles/widget-vm.css';
import { render, showStep, type FrameRecording } from '../../widgets/frame-stack';
import type { Widget } from './types';

/** The listeners of a panel's previous drawing, removed when it is redrawn. */
const teardownOf = new WeakMap<HTMLElement, AbortController>();

function notice(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

const frames: Widget = {
	recorder: 'frames',
	async update(context) {
		teardownOf.get(context.panel)?.abort();
		const teardown = new AbortController();
		teardownOf.set(context.panel, teardown);
		const document = context.panel.ownerDocument;
		let recording: FrameRecording | null;
		try {
			recording = await context.python.call<FrameRecording | null>('lifecycle.frames', 'result', [
				context.filename,
			]);
		} catch (error) {
			context.panel.replaceChildren(
				notice(
					document,
					`The frames could not be read: ${error instanceof Error ? error.message : String(error)}`
				)
			);
			return;
		}
		if (!recording) {
			context.panel.replaceChildren(
				notice(document, 'This run was not recorded: run the cell again.')
			);
			return;
		}
		const data = recording;
		const root = render(data, context.code, { document });
		context.panel.replaceChildren(root);
		let index = 0;
		const last = data.steps.length - 1;
		const go = (to: number) => {
			index = showStep(root, data, to);
		};
		root.addEventListener(
			'click',
			(event) => {
				const action = (event.target as HTMLElement).closest<HTMLElement>('button[data-action]')
					?.dataset['action'];
				if (action === 'first') go(0);
				else if (action === 'back') go(index - 1);
				else if (action === 'forward') go(index + 1);
				else if (action === 'last') go(last);
			},
			{ signal: teardown.signal }
		);
		// Arrow keys step while focus is on the controls: quicker than tabbing between buttons.
		root.addEventListener(
			'keydown',
			(event) => {
				const target = event.target as HTMLElement;
				if (!target.closest('.fs-controls')) return;
				if (event.key === 'ArrowRight') go(index + 1);
				else if (event.key === 'ArrowLeft') go(index - 1);
				else return;
				event.preventDefault();
			},
			{ signal: teardown.signal }
		);
	},
};

export default frames;

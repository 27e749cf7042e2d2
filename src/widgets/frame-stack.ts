/**
 * The frame stack stepper's rendering (`widget="frames"`): the source with the current line marked, the chain of
 * frames at that step drawn as stacked boxes (innermost on top, each `data-frame` = its function, with its locals),
 * the step controls, a step counter and one sentence of narration for a polite live region. Pure DOM building
 * with text nodes; the controller (src/scripts/widgets/frames.ts) wires the buttons.
 *
 * Data comes from `lifecycle.frames.result` (src/python/lifecycle/frames.py): steps refer to frame snapshots by
 * index, outermost first, so a deep recursion does not repeat its outer frames at every step.
 */
import { el, type Child } from './dom';

export interface FrameSnapshot {
	/** Stable while the frame lives; a generator's frame keeps its number between resumes. */
	id: number;
	name: string;
	kind: 'module' | 'function' | 'generator' | 'coroutine';
	line: number;
	firstLine: number;
	/** How many of the first locals are parameters. */
	params: number;
	locals: [string, string][];
	hiddenLocals: number;
}

export type StepEvent = 'line' | 'return' | 'yield' | 'resume' | 'exception';

export interface FrameStep {
	event: StepEvent;
	line: number;
	/** Indices into `frames`, outermost first. */
	chain: number[];
	depth: number;
	/** Frames left out of a very deep chain (between the outermost few and the innermost ones). */
	skipped?: number;
	value?: string | null;
	unwound?: boolean;
	exception?: string;
}

export interface FrameRecording {
	filename: string;
	steps: FrameStep[];
	frames: FrameSnapshot[];
	truncated: null | 'steps' | 'size';
	maxSteps: number;
	maxDepth: number;
}

interface Build {
	document: Document;
}

/** The frames of a step, outermost first. */
export function chainOf(recording: FrameRecording, step: FrameStep): FrameSnapshot[] {
	return step.chain
		.map((index) => recording.frames[index])
		.filter((frame): frame is FrameSnapshot => !!frame);
}

/** "fact(n=3)", "<module>", "count_up(limit=2)": a frame named by its function and its parameters' values. */
export function callOf(frame: FrameSnapshot): string {
	if (frame.kind === 'module') return 'the module';
	const args = frame.locals
		.slice(0, frame.params)
		.map(([name, value]) => `${name}=${value}`)
		.join(', ');
	return `${frame.name}(${args})`;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}

/** One sentence saying what happened at this step, for the live region. */
export function narrate(recording: FrameRecording, index: number): string {
	const step = recording.steps[index];
	if (!step) return 'Nothing was recorded.';
	const frames = chainOf(recording, step);
	const current = frames[frames.length - 1];
	if (!current) return `Line ${step.line}.`;
	const where = callOf(current);
	const deep = `${plural(step.depth, 'frame')} deep`;
	switch (step.event) {
		case 'line':
			return `Line ${step.line} in ${where}: ${deep}.`;
		case 'return':
			if (step.unwound)
				return `${where} is left by the exception, returning nothing: its frame is popped.`;
			return current.kind === 'module'
				? `The module's code ends at line ${step.line}: its frame is popped.`
				: `${where} returns ${step.value ?? 'None'} from line ${step.line}: its frame is popped, ${plural(step.depth - 1, 'frame')} left.`;
		case 'yield':
			return `${where} yields ${step.value ?? 'None'} at line ${step.line}: the generator is suspended and keeps frame #${current.id} for later.`;
		case 'resume':
			return `${where} resumes at line ${step.line} with the same frame #${current.id}: ${deep}.`;
		case 'exception':
			return `${step.exception ?? 'An exception'} raised at line ${step.line} in ${where}: ${deep}.`;
	}
}

/** "Step 3 of 40". */
export function counterText(recording: FrameRecording, index: number): string {
	return `Step ${index + 1} of ${recording.steps.length}${recording.truncated ? ' (recording stopped)' : ''}`;
}

/** The source, one list item per line (`data-line`), so the current line can be marked without colour alone. */
export function renderSourceLines(source: string, { document }: Build): HTMLElement {
	const list = el(document, 'ol', { class: 'fs-source-lines' });
	source
		.replace(/\n$/, '')
		.split('\n')
		.forEach((text, i) => {
			list.append(
				el(document, 'li', { 'data-line': String(i + 1) }, [
					el(document, 'span', { class: 'fs-marker', 'aria-hidden': 'true' }),
					el(document, 'span', { class: 'fs-lineno', 'aria-hidden': 'true' }, [String(i + 1)]),
					el(document, 'code', {}, [text || ' ']),
				])
			);
		});
	return el(
		document,
		'div',
		{
			class: 'fs-source',
			tabindex: '0',
			role: 'region',
			'aria-label': 'Source, current line marked',
		},
		[list]
	);
}

/** Mark `line` as the current one (aria-current, a ▶ marker, a tint) and scroll the source box to it. */
export function markLine(sourceBox: HTMLElement, line: number, event: StepEvent): void {
	sourceBox.querySelectorAll<HTMLElement>('li[aria-current]').forEach((item) => {
		item.removeAttribute('aria-current');
		item.classList.remove('fs-current');
		const marker = item.querySelector('.fs-marker');
		if (marker) marker.textContent = '';
	});
	const item = sourceBox.querySelector<HTMLElement>(`li[data-line="${line}"]`);
	if (!item) return;
	item.setAttribute('aria-current', 'step');
	item.classList.add('fs-current');
	const marker = item.querySelector('.fs-marker');
	if (marker)
		marker.textContent =
			event === 'return' || event === 'yield' ? '↩' : event === 'exception' ? '✗' : '▶';
	const box = sourceBox.getBoundingClientRect();
	const at = item.getBoundingClientRect();
	if (at.top < box.top || at.bottom > box.bottom)
		sourceBox.scrollTop += at.top - box.top - box.height / 3;
}

const KIND_LABEL: Record<FrameSnapshot['kind'], string> = {
	module: 'module',
	function: 'function',
	generator: 'generator',
	coroutine: 'coroutine',
};

/** One frame box: name, kind, line, frame number and its locals table. */
export function renderFrame(
	frame: FrameSnapshot,
	{ document, top, step }: Build & { top: boolean; step: FrameStep }
): HTMLElement {
	const title = frame.kind === 'module' ? '<module>' : frame.name;
	const state = top
		? step.event === 'yield'
			? 'suspending'
			: step.event === 'return'
				? 'returning'
				: 'running'
		: 'waiting';
	const header = el(document, 'div', { class: 'fs-frame-head' }, [
		el(document, 'span', { class: 'fs-frame-name' }, [title]),
		el(document, 'span', { class: 'fs-frame-meta' }, [
			`${KIND_LABEL[frame.kind]} · line ${frame.line} · frame #${frame.id} · ${state}`,
		]),
	]);
	const body: Child[] = [header];
	if (frame.locals.length > 0) {
		const rows = frame.locals.map(([name, value], i) =>
			el(document, 'tr', {}, [
				el(document, 'th', { scope: 'row' }, [
					name,
					i < frame.params ? el(document, 'span', { class: 'fs-param' }, [' (parameter)']) : null,
				]),
				el(document, 'td', {}, [el(document, 'code', {}, [value])]),
			])
		);
		body.push(
			el(document, 'table', { class: 'fs-locals' }, [
				el(document, 'caption', { class: 'visually-hidden' }, [
					frame.kind === 'module' ? 'Module variables' : `Locals of ${title}`,
				]),
				el(document, 'tbody', {}, rows),
			])
		);
	} else body.push(el(document, 'p', { class: 'fs-empty' }, ['no local variables yet']));
	if (frame.hiddenLocals > 0)
		body.push(
			el(document, 'p', { class: 'fs-more' }, [
				`and ${plural(frame.hiddenLocals, 'more variable')}`,
			])
		);
	if (top && (step.event === 'return' || step.event === 'yield') && !step.unwound)
		body.push(
			el(document, 'p', { class: 'fs-returns' }, [
				step.event === 'yield' ? 'yields ' : 'returns ',
				el(document, 'code', {}, [step.value ?? 'None']),
			])
		);
	if (top && step.event === 'exception')
		body.push(
			el(document, 'p', { class: 'fs-raises' }, [
				'raises ',
				el(document, 'code', {}, [step.exception ?? '']),
			])
		);
	const classes = ['fs-frame', `fs-${frame.kind}`];
	if (top) classes.push('fs-top');
	return el(
		document,
		'li',
		{ class: classes.join(' '), 'data-frame': frame.name, 'data-frame-id': String(frame.id) },
		body
	);
}

/** The stack at one step: an ordered list, innermost (running) frame first, so it sits on top. */
export function renderStack(
	recording: FrameRecording,
	index: number,
	{ document }: Build
): HTMLElement {
	const step = recording.steps[index];
	const list = el(document, 'ol', {
		class: 'fs-stack',
		'aria-label': 'Frame stack, innermost frame first',
	});
	if (!step) return list;
	const frames = chainOf(recording, step);
	const items = frames.map((frame, i) =>
		renderFrame(frame, { document, top: i === frames.length - 1, step })
	);
	if (step.skipped) {
		// The recorder kept the 4 outermost frames and the innermost ones; say how many are between.
		items.splice(
			4,
			0,
			el(document, 'li', { class: 'fs-skipped' }, [
				`… ${plural(step.skipped, 'more frame')} not drawn …`,
			])
		);
	}
	list.append(...items.reverse());
	return list;
}

/** Button with a visible label (and the same accessible name). */
function button(document: Document, action: string, label: string): HTMLButtonElement {
	const node = el(
		document,
		'button',
		{ type: 'button', class: 'fs-button', 'data-action': action },
		[label]
	);
	return node;
}

/**
 * The whole stepper at `index`: controls, counter, narration, the source and the stack. `showStep` moves it to
 * another step in place.
 */
export function render(
	recording: FrameRecording,
	source: string,
	{ document, index = 0 }: Build & { index?: number }
): HTMLElement {
	const root = el(document, 'div', { class: 'fs-root', 'data-frames': '' });
	if (recording.steps.length === 0) {
		root.append(
			el(document, 'p', { class: 'fs-empty' }, [
				'No line of the cell ran, so there is no frame to show: fix the error above and run it again.',
			])
		);
		return root;
	}
	const controls = el(
		document,
		'div',
		{ class: 'fs-controls', role: 'group', 'aria-label': 'Step through the frames' },
		[
			button(document, 'first', 'First'),
			button(document, 'back', '◀ Step back'),
			button(document, 'forward', 'Step ▶'),
			button(document, 'last', 'Last'),
			el(document, 'span', { class: 'fs-counter', 'data-step-counter': '' }),
		]
	);
	const narration = el(document, 'p', {
		class: 'fs-narration',
		'aria-live': 'polite',
		'data-narration': '',
	});
	const notes: HTMLElement[] = [];
	if (recording.truncated)
		notes.push(
			el(document, 'p', { class: 'fs-truncated', role: 'note' }, [
				recording.truncated === 'steps'
					? `Recording stopped after ${recording.maxSteps} steps; the program ran on to its end without being recorded.`
					: 'Recording stopped: the frames grew too large to keep; the program ran on to its end without being recorded.',
			])
		);
	const layout = el(document, 'div', { class: 'fs-layout' }, [
		renderSourceLines(source, { document }),
		el(document, 'div', { class: 'fs-stack-box', 'data-stack-box': '' }),
	]);
	root.append(controls, narration, ...notes, layout);
	showStep(root, recording, index);
	return root;
}

/** Move a rendered stepper to step `index` (clamped): counter, narration, current line, stack, button states. */
export function showStep(root: HTMLElement, recording: FrameRecording, index: number): number {
	const document = root.ownerDocument;
	const last = recording.steps.length - 1;
	const at = Math.max(0, Math.min(index, last));
	const step = recording.steps[at];
	root.dataset['step'] = String(at);
	const counter = root.querySelector<HTMLElement>('[data-step-counter]');
	if (counter) counter.textContent = counterText(recording, at);
	const narration = root.querySelector<HTMLElement>('[data-narration]');
	if (narration) narration.textContent = narrate(recording, at);
	const sourceBox = root.querySelector<HTMLElement>('.fs-source');
	if (sourceBox && step) markLine(sourceBox, step.line, step.event);
	const stackBox = root.querySelector<HTMLElement>('[data-stack-box]');
	stackBox?.replaceChildren(renderStack(recording, at, { document }));
	const disable = (action: string, disabled: boolean) => {
		const control = root.querySelector<HTMLElement>(`button[data-action="${action}"]`);
		// aria-disabled, not disabled: a focused button must keep focus when it reaches the end.
		if (control) control.setAttribute('aria-disabled', String(disabled));
	};
	disable('first', at === 0);
	disable('back', at === 0);
	disable('forward', at === last);
	disable('last', at === last);
	return at;
}

/**
 * The bytecode stepper's drawing (pure): `render` builds the controls and the empty panes once, `showStep` fills
 * them for one recorded step: the code object's listing with the current row (aria-current="step",
 * data-offset), the modelled value stack (top first) in [data-stack], the locals, the frame chain, the narration
 * and the counter. Text nodes only. Data: lifecycle/stepper.py `result`.
 */
import type { SourceSpan } from './source-view';
import { element } from './dom';

export interface StepperInstruction {
	offset: number;
	opname: string;
	argrepr: string;
	line: number | null;
	positions: SourceSpan | null;
}

export interface StepperCode {
	name: string;
	qualname: string;
	kind: string;
	firstLine: number;
	instructions: StepperInstruction[];
}

export interface StepperStep {
	code: number;
	offset: number;
	opname: string;
	line: number;
	/** `line` is null for compiler-made code with no source line (an exception handler's PUSH_EXC_INFO). */
	frames: { name: string; line: number | null; code: number }[];
	locals: [string, string][] | null;
	stack: string[] | null;
	narration: string | null;
	problem: string | null;
}

export interface StepperRecording {
	filename: string;
	budget: number;
	truncated: boolean;
	monitored: boolean;
	codes: StepperCode[];
	steps: StepperStep[];
}

function button(document: Document, text: string, action: string): HTMLButtonElement {
	const node = element(document, 'button', 'st-button', text);
	node.type = 'button';
	node.dataset['action'] = action;
	return node;
}

/** The lines the run reached, in order, for "Run to line". */
export function reachedLines(recording: StepperRecording): number[] {
	return [...new Set(recording.steps.map((s) => s.line).filter((l) => l > 0))].sort((a, b) => a - b);
}

/** The stepper's frame: controls, narration, and the panes `showStep` fills. `source` is a renderSource view. */
export function render(
	recording: StepperRecording,
	{ document, source }: { document: Document; source: HTMLElement }
): HTMLElement {
	const root = element(document, 'section', 'stepper');
	root.setAttribute('aria-label', 'Bytecode stepper');

	const controls = element(document, 'div', 'st-controls');
	controls.setAttribute('role', 'group');
	controls.setAttribute('aria-label', 'Step through the instructions');
	const lineLabel = element(document, 'label', 'st-line-label', 'Line');
	const select = element(document, 'select', 'st-line');
	select.id = `st-line-${recording.filename.replace(/\W+/g, '-')}`;
	select.dataset['line'] = '';
	lineLabel.htmlFor = select.id;
	for (const line of reachedLines(recording)) {
		const option = element(document, 'option', undefined, String(line));
		option.value = String(line);
		select.append(option);
	}
	const lineGroup = element(document, 'span', 'st-line-group');
	lineGroup.append(lineLabel, select, button(document, 'Run to line', 'run-to-line'));
	controls.append(
		button(document, 'Restart', 'restart'),
		button(document, 'Step back', 'back'),
		button(document, 'Step', 'step'),
		lineGroup
	);
	const counter = element(document, 'p', 'st-counter');
	counter.dataset['counter'] = '';

	const narration = element(document, 'p', 'st-narration');
	narration.dataset['narration'] = '';
	narration.setAttribute('aria-live', 'polite');
	const problem = element(document, 'p', 'st-problem');
	problem.dataset['problem'] = '';
	problem.hidden = true;

	const header = element(document, 'div', 'st-header');
	header.append(controls, counter);

	const notes = element(document, 'p', 'st-note');
	notes.textContent = recording.truncated
		? `The recording stopped at its budget of ${recording.budget} steps (the program was stopped there); the steps recorded can still be stepped through.`
		: `${recording.steps.length} instructions recorded from the real run (sys.monitoring INSTRUCTION events).`;

	const sourcePane = element(document, 'div', 'st-pane st-source');
	sourcePane.append(element(document, 'h4', 'st-heading', 'Source'), source);

	const listingPane = element(document, 'div', 'st-pane st-listing');
	const listingHeading = element(document, 'h4', 'st-heading');
	listingHeading.dataset['listingHeading'] = '';
	const listingScroll = element(document, 'div', 'st-listing-scroll');
	listingScroll.dataset['listing'] = '';
	listingScroll.tabIndex = 0;
	listingScroll.setAttribute('role', 'region');
	listingScroll.setAttribute('aria-label', 'Instructions of the current code object');
	listingPane.append(listingHeading, listingScroll);

	const stackPane = element(document, 'div', 'st-pane st-stack-pane');
	const stackHeading = element(document, 'h4', 'st-heading', 'Value stack ');
	stackHeading.append(element(document, 'span', 'st-modelled', '(modelled)'));
	const stackNote = element(
		document,
		'p',
		'st-hint',
		'Modelled from each instruction’s semantics and checked against the real stores and return values: CPython does not let Python read a frame’s stack. Top of the stack first.'
	);
	const stack = element(document, 'ol', 'st-stack');
	stack.dataset['stack'] = '';
	stack.setAttribute('aria-label', 'Value stack, top first (modelled)');
	stackPane.append(stackHeading, stack, stackNote);

	const localsPane = element(document, 'div', 'st-pane st-locals');
	localsPane.append(element(document, 'h4', 'st-heading', 'Locals'));
	const locals = element(document, 'div', 'st-locals-body');
	locals.dataset['locals'] = '';
	localsPane.append(locals);

	const framesPane = element(document, 'div', 'st-pane st-frames');
	framesPane.append(element(document, 'h4', 'st-heading', 'Frames'));
	const frames = element(document, 'ol', 'st-frame-list');
	frames.dataset['frames'] = '';
	frames.setAttribute('aria-label', 'Frame stack, innermost first');
	framesPane.append(frames);

	const grid = element(document, 'div', 'st-grid');
	grid.append(sourcePane, listingPane, stackPane, localsPane, framesPane);
	root.append(header, narration, problem, grid, notes);
	return root;
}

function listing(document: Document, code: StepperCode, offset: number): HTMLTableElement {
	const table = element(document, 'table', 'st-table');
	const caption = element(document, 'caption', 'st-caption', `Instructions of ${code.qualname}`);
	const head = element(document, 'thead');
	const headRow = element(document, 'tr');
	for (const title of ['Line', 'Offset', 'Instruction', 'Argument']) {
		const th = element(document, 'th', undefined, title);
		th.scope = 'col';
		headRow.append(th);
	}
	head.append(headRow);
	const body = element(document, 'tbody');
	let lastLine: number | null = null;
	for (const ins of code.instructions) {
		const row = element(document, 'tr', 'st-row');
		row.dataset['offset'] = String(ins.offset);
		row.dataset['opname'] = ins.opname;
		if (ins.offset === offset) {
			row.setAttribute('aria-current', 'step');
			row.classList.add('st-current');
		}
		const line = ins.line !== null && ins.line !== lastLine ? String(ins.line) : '';
		lastLine = ins.line ?? lastLine;
		const marker = ins.offset === offset ? '▶ ' : '';
		row.append(
			element(document, 'td', 'st-lineno', line),
			element(document, 'td', 'st-offset', `${marker}${ins.offset}`),
			element(document, 'td', 'st-op', ins.opname),
			element(document, 'td', 'st-arg', ins.argrepr)
		);
		body.append(row);
	}
	table.append(caption, head, body);
	return table;
}

/** Fill the panes of `root` for step `index` (0-based) and return its instruction (for the source highlight). */
export function showStep(
	root: HTMLElement,
	recording: StepperRecording,
	index: number,
	{ document }: { document: Document }
): StepperInstruction | undefined {
	const step = recording.steps[index];
	const q = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector) as T;
	const total = recording.steps.length;
	q('[data-counter]').textContent = `step ${index + 1} of ${total}${recording.truncated ? ' (budget reached)' : ''}`;
	root.querySelector<HTMLButtonElement>('[data-action="back"]')!.disabled = index <= 0;
	root.querySelector<HTMLButtonElement>('[data-action="restart"]')!.disabled = index <= 0;
	root.querySelector<HTMLButtonElement>('[data-action="step"]')!.disabled = index >= total - 1;
	if (!step) return undefined;
	const code = recording.codes[step.code];
	const instruction = code?.instructions.find((i) => i.offset === step.offset);
	root.dataset['step'] = String(index + 1);

	q('[data-narration]').textContent = `Step ${index + 1}: ${step.narration ?? `${step.opname} ran.`}`;
	const problem = q('[data-problem]');
	problem.hidden = step.problem === null;
	problem.textContent = step.problem ?? '';

	q('[data-listing-heading]').textContent = code ? `Bytecode of ${code.qualname}` : 'Bytecode';
	const listingBox = q('[data-listing]');
	listingBox.replaceChildren(code ? listing(document, code, step.offset) : element(document, 'p'));

	const stack = q('[data-stack]');
	stack.replaceChildren();
	if (step.stack === null) {
		stack.dataset['shown'] = 'false';
		stack.append(element(document, 'li', 'st-stack-none', 'not shown (see the note above)'));
	} else if (step.stack.length === 0) {
		stack.dataset['shown'] = 'true';
		stack.append(element(document, 'li', 'st-stack-empty', 'empty'));
	} else {
		stack.dataset['shown'] = 'true';
		[...step.stack].reverse().forEach((value, depth) => {
			const box = element(document, 'li', 'st-box');
			box.dataset['value'] = value;
			if (value === 'NULL') box.classList.add('st-null');
			const label = element(document, 'span', 'st-depth', depth === 0 ? 'top' : `−${depth}`);
			box.append(label, element(document, 'code', 'st-value', value));
			stack.append(box);
		});
	}

	const locals = q('[data-locals]');
	const rows = step.locals ?? [];
	if (rows.length === 0) locals.replaceChildren(element(document, 'p', 'st-hint', 'No variables yet.'));
	else {
		const table = element(document, 'table', 'st-table st-vars');
		const caption = element(document, 'caption', 'st-caption', `Variables of ${step.frames.at(-1)?.name ?? 'the frame'}`);
		const body = element(document, 'tbody');
		for (const [name, value] of rows) {
			const tr = element(document, 'tr');
			const th = element(document, 'th', 'st-var', name);
			th.scope = 'row';
			tr.append(th, element(document, 'td', 'st-value', value));
			body.append(tr);
		}
		table.append(caption, body);
		locals.replaceChildren(table);
	}

	const frames = q('[data-frames]');
	frames.replaceChildren(
		...[...step.frames].reverse().map((frame, i) => {
			const li = element(document, 'li', i === 0 ? 'st-frame st-frame-current' : 'st-frame');
			li.append(
				element(document, 'code', 'st-frame-name', frame.name),
				document.createTextNode(
					`${frame.line === null ? ' (no source line)' : ` line ${frame.line}`}${i === 0 ? ' (running)' : ''}`
				)
			);
			return li;
		})
	);
	return instruction;
}

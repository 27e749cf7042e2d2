// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderSource } from './source-view';
import { reachedLines, render, showStep, type StepperRecording } from './stepper-view';

const SOURCE = 'def add(a, b):\n    return a + b\n\nadd(6, 7)\n';
const span = (line: number, col: number, endCol: number) => ({ line, col, endLine: line, endCol });
const RECORDING: StepperRecording = {
	filename: '<cell 1>',
	budget: 2000,
	truncated: false,
	monitored: true,
	codes: [
		{ name: '<module>', qualname: '<module>', kind: 'module', firstLine: 1, instructions: [
			{ offset: 0, opname: 'RESUME', argrepr: '', line: 0, positions: null },
			{ offset: 10, opname: 'CALL', argrepr: '', line: 4, positions: span(4, 0, 9) },
		] },
		{ name: 'add', qualname: 'add', kind: 'function', firstLine: 1, instructions: [
			{ offset: 0, opname: 'RESUME', argrepr: '', line: 1, positions: span(1, 0, 0) },
			{ offset: 2, opname: 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', argrepr: 'a, b', line: 2, positions: span(2, 11, 16) },
			{ offset: 4, opname: 'BINARY_OP', argrepr: '+', line: 2, positions: span(2, 11, 16) },
			{ offset: 16, opname: 'RETURN_VALUE', argrepr: '', line: 2, positions: span(2, 4, 16) },
		] },
	],
	steps: [
		{ code: 0, offset: 10, opname: 'CALL', line: 4, frames: [{ name: '<module>', line: 4, code: 0 }], locals: [['add', '<function add>']], stack: ['13'], narration: 'CALL popped <function add> with 6 and 7, called it and pushed its result: 13.', problem: null },
		{ code: 1, offset: 2, opname: 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', line: 2, frames: [{ name: '<module>', line: 4, code: 0 }, { name: 'add', line: 2, code: 1 }], locals: [['a', '6'], ['b', '7']], stack: ['6', '7'], narration: 'LOAD_FAST_BORROW_LOAD_FAST_BORROW pushed a (6) and b (7).', problem: null },
		{ code: 1, offset: 4, opname: 'BINARY_OP', line: 2, frames: [{ name: '<module>', line: 4, code: 0 }, { name: 'add', line: 2, code: 1 }], locals: [['a', '6'], ['b', '7']], stack: null, narration: 'BINARY_OP (+) ran.', problem: 'not modelled: XYZ — the stack is not shown from here.' },
	],
};

function draw(index: number) {
	const source = renderSource(SOURCE, { document, label: 'Source' });
	const root = render(RECORDING, { document, source });
	const instruction = showStep(root, RECORDING, index, { document });
	return { root, instruction };
}

describe('stepper view', () => {
	it('draws a step: current row, stack top first, locals, frames, narration, counter', () => {
		const { root, instruction } = draw(1);
		expect(root.outerHTML).toMatchSnapshot();
		const current = root.querySelector('tr[aria-current="step"]');
		expect(current?.getAttribute('data-offset')).toBe('2');
		expect(current?.getAttribute('data-opname')).toBe('LOAD_FAST_BORROW_LOAD_FAST_BORROW');
		expect(instruction?.positions).toEqual(span(2, 11, 16));
		expect([...root.querySelectorAll('[data-stack] li')].map((li) => li.getAttribute('data-value'))).toEqual(['7', '6']);
		expect(root.querySelector('[data-stack] li')?.textContent).toBe('top7');
		expect(root.querySelector('[data-narration]')?.getAttribute('aria-live')).toBe('polite');
		expect(root.querySelector('[data-narration]')?.textContent).toBe('Step 2: LOAD_FAST_BORROW_LOAD_FAST_BORROW pushed a (6) and b (7).');
		expect(root.querySelector('[data-counter]')?.textContent).toBe('step 2 of 3');
		expect([...root.querySelectorAll('[data-frames] li')].map((li) => li.textContent)).toEqual(['add line 2 (running)', '<module> line 4']);
		expect(root.textContent).toContain('(modelled)');
		expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Restart', 'Step back', 'Step', 'Run to line']);
		expect(root.querySelector<HTMLLabelElement>('label')?.htmlFor).toBe(root.querySelector('select')?.id);
	});

	it('says plainly when the stack is not shown, and disables what cannot be done', () => {
		const { root } = draw(2);
		const problem = root.querySelector<HTMLElement>('[data-problem]');
		expect(problem?.hidden).toBe(false);
		expect(problem?.textContent).toBe('not modelled: XYZ — the stack is not shown from here.');
		expect(root.querySelector('[data-stack]')?.getAttribute('data-shown')).toBe('false');
		expect(root.querySelector<HTMLButtonElement>('[data-action="step"]')?.disabled).toBe(true);
		const first = draw(0).root;
		expect(first.querySelector<HTMLButtonElement>('[data-action="back"]')?.disabled).toBe(true);
		expect(first.querySelector<HTMLElement>('[data-problem]')?.hidden).toBe(true);
		expect(first.outerHTML).toMatchSnapshot();
	});

	it('names a frame with no source line (an exception handler) without printing null', () => {
		const source = renderSource(SOURCE, { document, label: 'Source' });
		const recording: StepperRecording = {
			...RECORDING,
			steps: [{ ...RECORDING.steps[0]!, frames: [{ name: 'inner', line: null, code: 1 }] }],
		};
		const root = render(recording, { document, source });
		showStep(root, recording, 0, { document });
		expect(root.querySelector('[data-frames] li')?.textContent).toBe('inner (no source line) (running)');
	});

	it('offers the lines the run reached for Run to line', () => {
		expect(reachedLines(RECORDING)).toEqual([2, 4]);
		const { root } = draw(0);
		expect([...root.querySelectorAll('option')].map((o) => o.value)).toEqual(['2', '4']);
	});
});

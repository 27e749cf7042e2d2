// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
	callOf,
	narrate,
	render,
	renderStack,
	showStep,
	type FrameRecording,
	type FrameSnapshot,
} from './frame-stack';

const SOURCE =
	'def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\n\nprint(fact(3))\n';

function frame(
	id: number,
	name: string,
	line: number,
	locals: [string, string][],
	extra: Partial<FrameSnapshot> = {}
): FrameSnapshot {
	return {
		id,
		name,
		kind: 'function',
		line,
		firstLine: 1,
		params: 1,
		locals,
		hiddenLocals: 0,
		...extra,
	};
}

/** fact(3) recorded: the module, then three nested fact frames, then the returns (trimmed to a few steps). */
const RECORDING: FrameRecording = {
	filename: '<cell 1>',
	frames: [
		frame(1, '<module>', 6, [['fact', '<function fact>']], { kind: 'module', params: 0 }),
		frame(2, 'fact', 2, [['n', '3']]),
		frame(3, 'fact', 2, [['n', '2']]),
		frame(4, 'fact', 3, [['n', '1']]),
		frame(2, 'fact', 4, [['n', '3']]),
	],
	steps: [
		{ event: 'line', line: 6, chain: [0], depth: 1 },
		{ event: 'line', line: 2, chain: [0, 1], depth: 2 },
		{ event: 'line', line: 2, chain: [0, 4, 2], depth: 3 },
		{ event: 'line', line: 3, chain: [0, 4, 2, 3], depth: 4 },
		{ event: 'return', line: 3, chain: [0, 4, 2, 3], depth: 4, value: '1' },
		{ event: 'exception', line: 4, chain: [0, 4], depth: 2, exception: 'ValueError: no' },
	],
	truncated: null,
	maxSteps: 1500,
	maxDepth: 4,
};

describe('frame-stack render', () => {
	it('draws the source, the controls, the counter and the first step', () => {
		const root = render(RECORDING, SOURCE, { document });
		expect(root.outerHTML).toMatchSnapshot();
		expect(root.querySelector('[data-step-counter]')?.textContent).toBe('Step 1 of 6');
		expect(root.querySelector('[data-narration]')?.getAttribute('aria-live')).toBe('polite');
		expect(root.querySelector('[data-narration]')?.textContent).toBe(
			'Line 6 in the module: 1 frame deep.'
		);
		expect(root.querySelectorAll('.fs-source li')).toHaveLength(6);
		expect(root.querySelector('li[aria-current="step"]')?.getAttribute('data-line')).toBe('6');
		expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
			'First',
			'◀ Step back',
			'Step ▶',
			'Last',
		]);
		expect(root.querySelector('button[data-action="back"]')?.getAttribute('aria-disabled')).toBe(
			'true'
		);
		expect(root.querySelector('button[data-action="forward"]')?.getAttribute('aria-disabled')).toBe(
			'false'
		);
	});

	it('stacks recursive frames innermost first, each with its own n', () => {
		const root = render(RECORDING, SOURCE, { document, index: 3 });
		const frames = [...root.querySelectorAll<HTMLElement>('[data-frame]')];
		expect(frames.map((f) => f.dataset['frame'])).toEqual(['fact', 'fact', 'fact', '<module>']);
		expect(frames.map((f) => f.querySelector('td')?.textContent)).toEqual([
			'1',
			'2',
			'3',
			'<function fact>',
		]);
		expect(frames[0]?.classList.contains('fs-top')).toBe(true);
		expect(frames[0]?.textContent).toContain('running');
		expect(frames[1]?.textContent).toContain('waiting');
		expect(root.querySelector('[data-narration]')?.textContent).toBe(
			'Line 3 in fact(n=1): 4 frames deep.'
		);
		expect(root.querySelector('li[aria-current="step"]')?.getAttribute('data-line')).toBe('3');
		expect(root.querySelector('li[aria-current="step"] .fs-marker')?.textContent).toBe('▶');
	});

	it('moves in place with showStep, clamped to the recording', () => {
		const root = render(RECORDING, SOURCE, { document });
		expect(showStep(root, RECORDING, 4)).toBe(4);
		expect(root.querySelector('[data-narration]')?.textContent).toBe(
			'fact(n=1) returns 1 from line 3: its frame is popped, 3 frames left.'
		);
		expect(root.querySelector('.fs-returns')?.textContent).toBe('returns 1');
		expect(root.querySelector('li[aria-current="step"] .fs-marker')?.textContent).toBe('↩');
		expect(root.querySelectorAll('li[aria-current]')).toHaveLength(1);
		expect(showStep(root, RECORDING, 99)).toBe(5);
		expect(root.querySelectorAll('[data-frame]')).toHaveLength(2);
		expect(root.querySelector('.fs-raises')?.textContent).toBe('raises ValueError: no');
		expect(root.querySelector('button[data-action="forward"]')?.getAttribute('aria-disabled')).toBe(
			'true'
		);
		expect(showStep(root, RECORDING, -3)).toBe(0);
		expect(root.querySelector('[data-step-counter]')?.textContent).toBe('Step 1 of 6');
	});

	it('names calls by their parameters, and narrates generators', () => {
		const gen = frame(
			3,
			'count_up',
			4,
			[
				['limit', '2'],
				['i', '0'],
			],
			{ kind: 'generator' }
		);
		expect(callOf(gen)).toBe('count_up(limit=2)');
		const recording: FrameRecording = {
			...RECORDING,
			frames: [RECORDING.frames[0] as FrameSnapshot, gen],
			steps: [
				{ event: 'yield', line: 4, chain: [0, 1], depth: 2, value: '0' },
				{ event: 'resume', line: 4, chain: [0, 1], depth: 2 },
			],
		};
		expect(narrate(recording, 0)).toBe(
			'count_up(limit=2) yields 0 at line 4: the generator is suspended and keeps frame #3 for later.'
		);
		expect(narrate(recording, 1)).toBe(
			'count_up(limit=2) resumes at line 4 with the same frame #3: 2 frames deep.'
		);
	});

	it('says where a deep chain was cut, and when the recording stopped', () => {
		const recording: FrameRecording = {
			...RECORDING,
			truncated: 'steps',
			steps: [{ event: 'line', line: 3, chain: [0, 1, 2, 4, 3], depth: 905, skipped: 900 }],
		};
		const stack = renderStack(recording, 0, { document });
		expect(stack.querySelector('.fs-skipped')?.textContent).toBe('… 900 more frames not drawn …');
		const root = render(recording, SOURCE, { document });
		expect(root.querySelector('.fs-truncated')?.textContent).toContain(
			'Recording stopped after 1500 steps'
		);
		expect(root.querySelector('[data-step-counter]')?.textContent).toBe(
			'Step 1 of 1 (recording stopped)'
		);
	});

	it('explains an empty recording instead of drawing controls', () => {
		const root = render({ ...RECORDING, steps: [], frames: [] }, 'x = (', { document });
		expect(root.querySelector('button')).toBeNull();
		expect(root.textContent).toContain('No line of the cell ran');
	});
});

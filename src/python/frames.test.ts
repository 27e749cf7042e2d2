import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { FrameSnapshot } from '../widgets/frame-stack';

interface Step {
	event: 'line' | 'return' | 'yield' | 'resume' | 'exception';
	line: number;
	chain: number[];
	depth: number;
	skipped?: number;
	value?: string | null;
	unwound?: boolean;
	exception?: string;
}

interface Recording {
	filename: string;
	steps: Step[];
	frames: FrameSnapshot[];
	truncated: null | 'steps' | 'size';
	maxSteps: number;
	maxDepth: number;
}

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

async function record(code: string, filename = '<cell 1>'): Promise<Recording> {
	await python.runCell(code, { filename, recorder: 'frames' });
	python.take();
	const recording = python.call<Recording | null>('lifecycle.frames', 'result', [filename]);
	if (!recording) throw new Error('nothing recorded');
	return recording;
}

/** The frames of a step, outermost first, resolved from the table. */
function chainOf(recording: Recording, step: Step): FrameSnapshot[] {
	return step.chain.map((index) => recording.frames[index] as FrameSnapshot);
}

const FACT = `def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

result = fact(4)
print(result)
`;

describe('lifecycle.frames', () => {
	it('records each line with the chain of frames, outermost first (JSON shape pinned)', async () => {
		const recording = await record(
			'x = 1\ndef double(v):\n    w = v * 2\n    return w\ny = double(x)\n'
		);
		expect(Object.keys(recording).sort()).toEqual(
			['filename', 'frames', 'maxDepth', 'maxSteps', 'steps', 'truncated'].sort()
		);
		expect(recording.filename).toBe('<cell 1>');
		expect(recording.truncated).toBeNull();
		expect(recording.maxSteps).toBe(1500);
		const summary = recording.steps.map((step) => [
			step.event,
			step.line,
			chainOf(recording, step).map((frame) => frame.name),
		]);
		expect(summary).toEqual([
			['line', 1, ['<module>']],
			['line', 2, ['<module>']],
			['line', 5, ['<module>']],
			['line', 3, ['<module>', 'double']],
			['line', 4, ['<module>', 'double']],
			['return', 4, ['<module>', 'double']],
			['return', 5, ['<module>']],
		]);
		const inner = chainOf(recording, recording.steps[4] as Step)[1] as FrameSnapshot;
		expect(inner).toEqual({
			id: 2,
			name: 'double',
			kind: 'function',
			line: 4,
			firstLine: 2,
			params: 1,
			locals: [
				['v', '1'],
				['w', '2'],
			],
			hiddenLocals: 0,
		});
		expect(recording.steps[5]?.value).toBe('2');
		// Module level shows the learner's globals, not __name__ or __builtins__.
		const module = chainOf(recording, recording.steps[6] as Step)[0] as FrameSnapshot;
		expect(module.kind).toBe('module');
		expect(module.locals).toEqual([
			['x', '1'],
			['double', '<function double>'],
			['y', '2'],
		]);
	});

	it('shows recursion as one frame per call, each with its own n', async () => {
		const recording = await record(FACT);
		expect(recording.maxDepth).toBe(5);
		const deepest = recording.steps.find((step) => step.depth === 5) as Step;
		const chain = chainOf(recording, deepest);
		expect(chain.map((frame) => frame.name)).toEqual(['<module>', 'fact', 'fact', 'fact', 'fact']);
		expect(chain.slice(1).map((frame) => frame.locals)).toEqual([
			[['n', '4']],
			[['n', '3']],
			[['n', '2']],
			[['n', '1']],
		]);
		expect(new Set(chain.map((frame) => frame.id)).size).toBe(5);
		const returns = recording.steps
			.filter((step) => step.event === 'return')
			.map((step) => step.value);
		expect(returns).toEqual(['1', '2', '6', '24', 'None']);
	});

	it('keeps a generator’s frame (same id) between resumes, and tells yields from returns', async () => {
		const recording = await record(`def count_up(limit):
    i = 0
    while i < limit:
        yield i
        i += 1

for n in count_up(2):
    print(n)
`);
		const events = recording.steps.map((step) => step.event);
		expect(events.filter((event) => event === 'yield')).toHaveLength(2);
		expect(events.filter((event) => event === 'resume')).toHaveLength(2);
		const generatorIds = new Set(
			recording.steps.flatMap((step) =>
				chainOf(recording, step)
					.filter((frame) => frame.kind === 'generator')
					.map((frame) => frame.id)
			)
		);
		expect(generatorIds.size).toBe(1);
		const yields = recording.steps.filter((step) => step.event === 'yield');
		expect(yields.map((step) => step.value)).toEqual(['0', '1']);
		const resumed = recording.steps.find((step) => step.event === 'resume') as Step;
		expect(chainOf(recording, resumed).at(-1)?.locals).toEqual([
			['limit', '2'],
			['i', '0'],
		]);
	});

	it('marks a frame left by an exception as unwound', async () => {
		const recording = await record(
			'def boom():\n    return 1 / 0\n\ntry:\n    boom()\nexcept ZeroDivisionError:\n    pass\n'
		);
		const exception = recording.steps.find((step) => step.event === 'exception') as Step;
		expect(exception.exception).toBe('ZeroDivisionError: division by zero');
		const unwound = recording.steps.find((step) => step.unwound) as Step;
		expect(chainOf(recording, unwound).at(-1)?.name).toBe('boom');
		expect(unwound.value).toBeNull();
	});

	it('stops recording at the step budget and says so, while the program runs on', async () => {
		const result = await python.runCell(
			'total = 0\nfor i in range(5000):\n    total += i\nprint(total)\n',
			{
				filename: '<cell 2>',
				recorder: 'frames',
			}
		);
		expect(result.status).toBe('ok');
		expect(python.take()).toBe('12497500\n');
		const recording = python.call<Recording>('lifecycle.frames', 'result', ['<cell 2>']);
		expect(recording.truncated).toBe('steps');
		expect(recording.steps).toHaveLength(1500);
	});

	it('never calls the learner’s __repr__, and bounds long values', async () => {
		const recording = await record(`class Loud:
    def __repr__(self):
        print("repr called")
        return "Loud!"

thing = Loud()
text = "x" * 500
numbers = list(range(100))
done = True
`);
		const last = recording.steps.at(-1) as Step;
		const module = chainOf(recording, last)[0] as FrameSnapshot;
		const locals = Object.fromEntries(module.locals);
		expect(locals['thing']).toBe('<Loud object>');
		expect(locals['Loud']).toBe('<class Loud>');
		expect((locals['text'] ?? '').length).toBeLessThanOrEqual(60);
		expect(locals['numbers']).toBe('[0, 1, 2, 3, 4, 5, 6, 7, …]');
	});

	it('cuts a very deep chain in the middle and says how many frames are left out', async () => {
		const recording = await record(
			'def down(n):\n    if n:\n        down(n - 1)\n\ndown(60)\n',
			'<cell 7>'
		);
		expect(recording.maxDepth).toBe(62);
		const deepest = recording.steps.find((step) => step.depth === 62) as Step;
		expect(deepest.skipped).toBe(22);
		const chain = chainOf(recording, deepest);
		expect(chain).toHaveLength(40);
		expect(chain.slice(0, 4).map((frame) => frame.locals[0]?.[1])).toEqual([
			'<function down>',
			'60',
			'59',
			'58',
		]);
		expect(chain.at(-1)?.locals).toEqual([['n', '0']]);
	});

	it('treats a cell with top-level await as the module', async () => {
		const recording = await record('import asyncio\nawait asyncio.sleep(0)\nx = 1\n', '<cell 8>');
		const last = recording.steps.at(-1) as Step;
		const module = chainOf(recording, last)[0] as FrameSnapshot;
		expect(module.kind).toBe('module');
		expect(module.name).toBe('<module>');
		expect(module.locals).toEqual([['x', '1']]);
	});

	it('stops tracing when the run ends, also after an error', async () => {
		const result = await python.runCell('def f():\n    raise ValueError("no")\nf()\n', {
			filename: '<cell 3>',
			recorder: 'frames',
		});
		expect(result.status).toBe('error');
		expect(python.py.runPython('import sys; sys.gettrace() is None')).toBe(true);
		const recording = python.call<Recording>('lifecycle.frames', 'result', ['<cell 3>']);
		expect(recording.steps.some((step) => step.exception === 'ValueError: no')).toBe(true);
	});
});

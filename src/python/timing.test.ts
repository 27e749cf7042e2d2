import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { Timing } from '../widgets/timeit-view';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

/**
 * While `body` runs, the budget's clock stands still, so the number of repeats depends on nothing but the request
 * (the statements are timed by timeit's own clock as usual).
 */
async function withStoppedBudgetClock<T>(body: () => Promise<T>): Promise<T> {
	python.py.runPython('import lifecycle.timing as t; t._budget_clock = lambda: 0.0');
	try {
		return await body();
	} finally {
		python.py.runPython('import lifecycle.timing as t, time; t._budget_clock = time.perf_counter');
	}
}

/** Run `code` as a timeit cell, then time its last statement with a small budget (tests stay quick). */
async function timed(code: string, filename: string, repeats = 5, budget = 0.3): Promise<Timing> {
	const result = await python.runCell(code, { filename, recorder: 'timing' });
	expect(result.status).toBe('ok');
	return python.call<Timing>('lifecycle.timing', 'measure', [filename, code, repeats, budget]);
}

const SQUARES = `data = list(range(300))
print(len(data))
total = sum(x * x for x in data)
`;

describe('lifecycle.timing', () => {
	it('times the last statement in the namespace the run left: one time per repeat, min ≤ median ≤ max (JSON shape pinned)', async () => {
		const timing = await withStoppedBudgetClock(() => timed(SQUARES, '<cell 1>'));
		expect(python.take()).toBe('300\n');
		expect(Object.keys(timing).sort()).toEqual(
			[
				'budgetSeconds',
				'clockResolution',
				'endLine',
				'error',
				'granularity',
				'line',
				'max',
				'median',
				'message',
				'min',
				'number',
				'repeats',
				'requestedRepeats',
				'setupLines',
				'setupStatements',
				'statement',
				'status',
				'stoppedByBudget',
				'times',
				'totalSeconds',
			].sort()
		);
		expect(timing.status).toBe('ok');
		expect(timing.statement).toBe('total = sum(x * x for x in data)');
		expect([timing.line, timing.endLine]).toEqual([3, 3]);
		expect(timing.setupStatements).toBe(2);
		expect(timing.setupLines).toEqual([1, 2]);
		expect(timing.requestedRepeats).toBe(5);
		expect(timing.repeats).toBe(5);
		expect(timing.times).toHaveLength(5);
		expect(timing.times.every((t) => typeof t === 'number' && t > 0)).toBe(true);
		expect(timing.number).toBeGreaterThanOrEqual(1);
		expect(String(timing.number)).toMatch(/^[125]0*$/);
		const sorted = [...timing.times].sort((a, b) => a - b);
		expect(timing.min).toBe(sorted[0]);
		expect(timing.max).toBe(sorted[4]);
		expect(timing.median).toBe(sorted[2]);
		expect(timing.min).toBeLessThanOrEqual(timing.median ?? -1);
		expect(timing.median).toBeLessThanOrEqual(timing.max ?? -1);
		expect(timing.granularity).toBeGreaterThan(0);
		expect(timing.stoppedByBudget).toBe(false);
		expect(timing.error).toBeNull();
		// The same result is kept for the page, which runs measure as a stoppable run and fetches it afterwards.
		expect(python.call<Timing>('lifecycle.timing', 'last_result')).toEqual(timing);
		// The timed statement printed nothing: the run's output is only the setup's.
		expect(python.take()).toBe('');
	});

	it('re-times without running the cell again, with another number of repeats', async () => {
		const code = 'calls = []\ncalls.append(1)\n';
		const again = await withStoppedBudgetClock(async () => {
			await timed(code, '<cell 2>', 3);
			return python.call<Timing>('lifecycle.timing', 'measure', ['<cell 2>', code, 7, 0.3]);
		});
		expect(again.repeats).toBe(7);
		expect(again.times).toHaveLength(7);
		// The setup ran once (the cell's run); the timed statement ran number × repeats times more in each timing.
		const calls = python.py.runPython(
			'import lifecycle.timing as t; len(t._kept["<cell 2>"]["namespace"]["calls"])'
		);
		expect(calls).toBeGreaterThan(1 + again.number! * 7);
	});

	it('explains instead of timing a definition, an empty cell, an await, or a cell that has not run', async () => {
		const definition = await timed(
			'import math\n\ndef area(r):\n    return math.pi * r * r\n',
			'<cell 3>'
		);
		expect(definition.status).toBe('definition');
		expect(definition.message).toContain('defines the function area');
		expect(definition.times).toEqual([]);
		const empty = await timed('# nothing yet\n', '<cell 4>');
		expect(empty.status).toBe('empty');
		const awaits = await timed('import asyncio\nawait asyncio.sleep(0)\n', '<cell 5>');
		expect(awaits.status).toBe('await');
		const stale = python.call<Timing>('lifecycle.timing', 'measure', [
			'<cell 1>',
			'x = 1\n',
			5,
			0.3,
		]);
		expect(stale.status).toBe('not-recorded');
	});

	it('reports what the statement raised while it was timed', async () => {
		const code = 'items = [1, 2]\nitems.pop()\n';
		const timing = await timed(code, '<cell 6>');
		expect(timing.status).toBe('error');
		expect(timing.error).toEqual({ type: 'IndexError', message: 'pop from empty list' });
		expect(timing.times).toEqual([]);
	});

	it('gives a slow statement fewer repeats than asked, to stay inside the budget', async () => {
		const code = 'import time\ntime.sleep(0.04)\n';
		const timing = await timed(code, '<cell 7>', 20, 0.2);
		expect(timing.status).toBe('ok');
		expect(timing.number).toBe(1);
		expect(timing.stoppedByBudget).toBe(true);
		expect(timing.repeats).toBe(timing.times.length);
		expect(timing.repeats).toBeLessThan(20);
		expect(timing.repeats).toBeGreaterThanOrEqual(1);
	});
});

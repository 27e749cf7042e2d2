// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
	longestRun,
	render,
	spansOf,
	summary,
	totalWaiting,
	type TaskEvent,
	type TaskRecord,
	type TaskTimeline,
} from './task-timeline';

function task(
	index: number,
	name: string,
	events: TaskEvent[],
	extra: Partial<TaskRecord> = {}
): TaskRecord {
	return {
		index,
		name,
		taskName: name,
		main: false,
		coroutine: 'work',
		state: 'finished',
		error: null,
		suspensions: events.filter((e) => e.kind === 'suspend').length,
		events,
		...extra,
	};
}

const slept = (start: number, wake: number): TaskEvent[] => [
	{ kind: 'start', ms: start, line: 3 },
	{ kind: 'suspend', ms: start + 0.5, line: 4, text: 'await asyncio.sleep(delay)' },
	{ kind: 'resume', ms: wake, line: 4 },
	{ kind: 'finish', ms: wake + 0.5, line: 5 },
];

// gather of three sleeps (30, 20, 10 ms) awaited by the cell's top-level code.
const GATHER: TaskTimeline = {
	filename: '<cell 1>',
	durationMs: 40,
	loop: 'WebLoop',
	monitored: true,
	tasks: [
		task(
			0,
			'main',
			[
				{ kind: 'start', ms: 0, line: 1 },
				{ kind: 'suspend', ms: 1, line: 7, text: 'print(await asyncio.gather(' },
				{ kind: 'resume', ms: 32, line: 7 },
				{ kind: 'finish', ms: 33, line: 7 },
			],
			{ main: true, coroutine: '<module>', taskName: 'Task-1' }
		),
		task(1, 'a', slept(2, 32)),
		task(2, 'b', slept(2.5, 22)),
		task(3, 'c', slept(3, 12)),
	],
	dropped: 0,
	droppedTasks: 0,
	maxEvents: 1500,
	maxTasks: 40,
};

// A CPU-bound task that never awaits, beside one that only waits.
const STALL: TaskTimeline = {
	...GATHER,
	durationMs: 60,
	tasks: [
		task(
			0,
			'main',
			[
				{ kind: 'start', ms: 0, line: 1 },
				{ kind: 'finish', ms: 1, line: 3 },
			],
			{ main: true, coroutine: '<module>' }
		),
		task(1, 'spin', [
			{ kind: 'start', ms: 2, line: 3 },
			{ kind: 'finish', ms: 52, line: 8 },
		]),
		task(
			2,
			'fail',
			[
				{ kind: 'start', ms: 1.2, line: 10 },
				{ kind: 'suspend', ms: 1.5, line: 11, text: 'await asyncio.sleep(0)' },
				{ kind: 'resume', ms: 52.5, line: 11 },
				{ kind: 'raise', ms: 53, line: 12 },
			],
			{ state: 'raised', error: 'ValueError', coroutine: 'fail' }
		),
		task(
			3,
			'left',
			[
				{ kind: 'start', ms: 53, line: 14 },
				{ kind: 'suspend', ms: 54, line: 15, text: 'await asyncio.sleep(60)' },
			],
			{ state: 'waiting', coroutine: 'forever' }
		),
	],
};

describe('task-timeline render', () => {
	it('draws one row per task with data-task, running bars, waiting lines and a mark per event', () => {
		const root = render(GATHER, { document });
		expect(root.outerHTML).toMatchSnapshot();
		const rows = [...root.querySelectorAll<HTMLElement>('.tt-row')];
		expect(rows.map((r) => r.dataset['task'])).toEqual(['main', 'a', 'b', 'c']);
		const a = root.querySelector('[data-task="a"]');
		expect(
			[...(a?.querySelectorAll<HTMLElement>('[data-event]') ?? [])].map((m) => m.dataset['event'])
		).toEqual(['start', 'suspend', 'resume', 'finish']);
		expect(
			[...(a?.querySelectorAll<HTMLElement>('[data-span]') ?? [])].map((s) => s.dataset['span'])
		).toEqual(['running', 'waiting', 'running']);
		const wait = a?.querySelector<HTMLElement>('[data-span="waiting"]');
		expect(wait?.style.left).toBe('6.25%');
		expect(wait?.style.width).toBe('73.75%');
		expect(root.querySelector('.tt-chart')?.getAttribute('role')).toBe('img');
		// The text list tells the same events in words, for screen readers and for reading the lines.
		const steps = [...root.querySelectorAll('[data-task-events="c"] li')].map(
			(li) => li.textContent
		);
		expect(steps).toEqual([
			'3.0 ms starts (line 3)',
			'3.5 ms gives up control at an await (line 4): await asyncio.sleep(delay)',
			'12.0 ms resumes after waiting 8.5 ms (line 4)',
			'12.5 ms returns (line 5)',
		]);
		expect(root.querySelector('[data-task-events="main"]')?.textContent).toContain(
			'main (the cell’s top-level code): 1 suspension, finished.'
		);
		expect(root.textContent).toContain('(WebLoop)');
	});

	it('summarises: waits overlapped, so the run took less than their sum', () => {
		expect(totalWaiting(GATHER)).toBeCloseTo(31 + 29.5 + 19 + 8.5);
		expect(summary(GATHER)).toBe(
			'4 tasks in 40.0 ms; 4 awaits gave up control. The tasks waited 88.0 ms in all, more than the whole run: their waits overlapped.'
		);
	});

	it('finds the stall: a task that ran 50 ms without an await, while the others sat still', () => {
		const longest = longestRun(STALL);
		expect(longest?.task.name).toBe('spin');
		expect(longest?.span).toEqual({ kind: 'running', from: 2, to: 52, line: 3 });
		expect(summary(STALL)).toContain(
			'Longest stretch without an await that gave up control: spin, 50.0 ms; no other task ran meanwhile.'
		);
		const root = render(STALL, { document });
		expect(root.outerHTML).toMatchSnapshot();
		expect(
			root.querySelector('[data-task="spin"]')?.querySelectorAll('[data-event="suspend"]')
		).toHaveLength(0);
		expect(root.querySelector('[data-task="fail"]')?.getAttribute('data-state')).toBe('raised');
		expect(root.querySelector('[data-task-events="fail"]')?.textContent).toContain(
			'ends with ValueError (line 12)'
		);
		// A task still waiting when the cell ended: its waiting line reaches the end of the axis.
		expect(spansOf(STALL.tasks[3] as TaskRecord, 60).at(-1)).toEqual({
			kind: 'waiting',
			from: 54,
			to: 60,
			line: 15,
		});
		expect(root.querySelector('[data-task-events="left"]')?.textContent).toContain(
			'still waiting when the cell ended'
		);
	});

	it('says when other tasks ran inside a stretch without an await (a pause that was not an await)', () => {
		const paused: TaskTimeline = {
			...STALL,
			tasks: [
				task(0, 'sleeper', [
					{ kind: 'start', ms: 0, line: 3 },
					{ kind: 'finish', ms: 50, line: 4 },
				]),
				task(1, 'ticker', slept(10, 20)),
			],
		};
		expect(summary(paused)).toContain('yet 4 events of other tasks happened meanwhile');
	});

	it('says what it could not draw, and when the run could not be watched', () => {
		const capped = render({ ...GATHER, dropped: 100, droppedTasks: 2 }, { document });
		expect(capped.querySelector('.tt-more')?.textContent).toBe(
			'2 tasks beyond the first 40 not drawn; 100 suspensions and resumes beyond the first 1,500 events not drawn.'
		);
		const unwatched = render({ ...GATHER, monitored: false, tasks: [] }, { document });
		expect(unwatched.querySelector('.tt-chart')).toBeNull();
		expect(unwatched.textContent).toContain('could not be watched');
	});
});

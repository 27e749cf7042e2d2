import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';
import type { TaskRecord, TaskTimeline } from '../widgets/task-timeline';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

async function record(code: string, filename = '<cell 1>'): Promise<TaskTimeline> {
	const result = await python.runCell(code, { filename, recorder: 'tasks' });
	expect(result.status).toBe('ok');
	python.take();
	const timeline = python.call<TaskTimeline | null>('lifecycle.tasks', 'result', [filename]);
	if (!timeline) throw new Error('nothing recorded');
	return timeline;
}

function task(timeline: TaskTimeline, name: string): TaskRecord {
	const found = timeline.tasks.find((t) => t.name === name);
	if (!found) throw new Error(`no task ${name} in ${timeline.tasks.map((t) => t.name).join(', ')}`);
	return found;
}

const kinds = (t: TaskRecord) => t.events.map((e) => e.kind);
const times = (t: TaskRecord) => t.events.map((e) => e.ms);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

const GATHER = `import asyncio

async def work(name, delay):
    await asyncio.sleep(delay)
    return name

print(await asyncio.gather(
    asyncio.create_task(work("a", 0.03), name="a"),
    asyncio.create_task(work("b", 0.02), name="b"),
    asyncio.create_task(work("c", 0.01), name="c"),
))
`;

describe('lifecycle.tasks', () => {
	it('records gather of three sleeps as three tasks: start, suspend, resume, finish (JSON shape pinned)', async () => {
		const timeline = await record(GATHER);
		expect(Object.keys(timeline).sort()).toEqual(
			[
				'dropped',
				'droppedTasks',
				'durationMs',
				'filename',
				'loop',
				'maxEvents',
				'maxTasks',
				'monitored',
				'tasks',
			].sort()
		);
		expect(timeline.loop).toBe('WebLoop');
		expect(timeline.monitored).toBe(true);
		expect(timeline.tasks.map((t) => t.name)).toEqual(['main', 'a', 'b', 'c']);
		const first = task(timeline, 'a');
		expect(Object.keys(first).sort()).toEqual(
			[
				'coroutine',
				'error',
				'events',
				'index',
				'main',
				'name',
				'state',
				'suspensions',
				'taskName',
			].sort()
		);
		expect(Object.keys(first.events[1] ?? {}).sort()).toEqual(['kind', 'line', 'ms', 'text']);
		for (const name of ['a', 'b', 'c']) {
			const t = task(timeline, name);
			expect(kinds(t)).toEqual(['start', 'suspend', 'resume', 'finish']);
			expect(times(t)).toEqual(sorted(times(t)));
			expect(t).toMatchObject({
				coroutine: 'work',
				main: false,
				state: 'finished',
				suspensions: 1,
				taskName: name,
			});
			// Started at the def's body, waited at the await on line 4, returned from line 5.
			expect(t.events.map((e) => e.line)).toEqual([3, 4, 4, 5]);
			expect(t.events[1]?.text).toBe('await asyncio.sleep(delay)');
		}
		// The main task (the cell's top-level await) waited for all three and ended last.
		const main = task(timeline, 'main');
		expect(kinds(main)).toEqual(['start', 'suspend', 'resume', 'finish']);
		expect(main).toMatchObject({ main: true, coroutine: '<module>', suspensions: 1 });
		expect(main.events[1]?.line).toBe(7);
		const finished = (name: string) => task(timeline, name).events[3]?.ms ?? NaN;
		// The shortest sleep finishes first; all three were waiting at once.
		expect(finished('c')).toBeLessThanOrEqual(finished('b'));
		expect(finished('b')).toBeLessThanOrEqual(finished('a'));
		const lastStart = Math.max(
			...['a', 'b', 'c'].map((n) => task(timeline, n).events[1]?.ms ?? NaN)
		);
		expect(lastStart).toBeLessThanOrEqual(finished('c'));
		expect(finished('a')).toBeLessThanOrEqual(main.events[2]?.ms ?? NaN);
		expect(main.events[3]?.ms).toBeLessThanOrEqual(timeline.durationMs);
	});

	it('shows a CPU loop without await as one stretch with no suspension, during which no other task runs', async () => {
		const timeline = await record(`import asyncio, time

async def spin(seconds):
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n

async def ticker():
    for _ in range(3):
        await asyncio.sleep(0)

async with asyncio.TaskGroup() as group:
    group.create_task(ticker(), name="ticker")
    group.create_task(spin(0.02), name="spin")
`);
		const spin = task(timeline, 'spin');
		expect(kinds(spin)).toEqual(['start', 'finish']);
		expect(spin.suspensions).toBe(0);
		const [from, to] = times(spin) as [number, number];
		const ticker = task(timeline, 'ticker');
		expect(ticker.suspensions).toBe(3);
		expect(kinds(ticker)).toEqual([
			'start',
			'suspend',
			'resume',
			'suspend',
			'resume',
			'suspend',
			'resume',
			'finish',
		]);
		// Cooperative: nothing of the ticker happens while spin runs.
		expect(times(ticker).filter((ms) => ms > from && ms < to)).toEqual([]);
		expect(kinds(task(timeline, 'main'))).toEqual(['start', 'suspend', 'resume', 'finish']);
	});

	it('reports only the task’s own suspensions for nested awaits, at the innermost awaiting line', async () => {
		const timeline = await record(`import asyncio

async def inner():
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return 1

async def middle():
    return await inner()

async def outer():
    value = await middle()
    await asyncio.sleep(0)
    return value

await asyncio.create_task(outer(), name="outer")
`);
		const outer = task(timeline, 'outer');
		expect(outer.coroutine).toBe('outer');
		expect(kinds(outer)).toEqual([
			'start',
			'suspend',
			'resume',
			'suspend',
			'resume',
			'suspend',
			'resume',
			'finish',
		]);
		expect(outer.events.filter((e) => e.kind === 'suspend').map((e) => e.line)).toEqual([4, 5, 13]);
		expect(outer.events.at(-1)?.line).toBe(14);
		// middle and inner ran inside outer's task: no rows of their own.
		expect(timeline.tasks.map((t) => t.name)).toEqual(['main', 'outer']);
	});

	it('marks exceptions, cancellations and tasks still waiting when the cell ends', async () => {
		const timeline = await record(`import asyncio

async def fail():
    await asyncio.sleep(0)
    raise ValueError("no")

async def forever():
    await asyncio.sleep(60)

failing = asyncio.create_task(fail(), name="fail")
doomed = asyncio.create_task(forever(), name="doomed")
left = asyncio.create_task(forever(), name="left")
await asyncio.sleep(0.01)
doomed.cancel()
await asyncio.gather(failing, doomed, return_exceptions=True)
left.cancel()
`);
		expect(task(timeline, 'fail')).toMatchObject({ state: 'raised', error: 'ValueError' });
		expect(kinds(task(timeline, 'fail')).at(-1)).toBe('raise');
		expect(task(timeline, 'fail').events.at(-1)?.line).toBe(5);
		expect(task(timeline, 'doomed')).toMatchObject({ state: 'cancelled', error: 'CancelledError' });
		expect(kinds(task(timeline, 'doomed'))).toEqual(['start', 'suspend', 'resume', 'cancel']);
		// left.cancel() only asks: the cancellation is delivered after the cell has ended.
		expect(task(timeline, 'left')).toMatchObject({ state: 'waiting', suspensions: 1 });
		expect(kinds(task(timeline, 'left'))).toEqual(['start', 'suspend']);
	});

	it('does not count an async generator’s yield to its async for as a suspension', async () => {
		const timeline = await record(`async def numbers():
    for i in range(3):
        yield i

print([i async for i in numbers()])
`);
		expect(kinds(task(timeline, 'main'))).toEqual(['start', 'finish']);
	});

	it('records a cell without await as the main task alone, start to finish', async () => {
		const timeline = await record('total = sum(range(1000))\nprint(total)\n', '<cell 6>');
		expect(timeline.tasks).toHaveLength(1);
		expect(kinds(task(timeline, 'main'))).toEqual(['start', 'finish']);
	});

	it('stores the first MAX_TASKS tasks and counts the others', async () => {
		python.py.runPython('import lifecycle.tasks as t; t.MAX_TASKS = 3');
		try {
			const timeline = await record(
				`import asyncio

async def nap():
    await asyncio.sleep(0)

await asyncio.gather(*(asyncio.create_task(nap(), name=f"t{i}") for i in range(6)))
`,
				'<cell 8>'
			);
			expect(timeline.tasks.map((t) => t.name)).toEqual(['main', 't0', 't1']);
			expect(timeline.droppedTasks).toBe(4);
			for (const name of ['t0', 't1'])
				expect(kinds(task(timeline, name))).toEqual(['start', 'suspend', 'resume', 'finish']);
		} finally {
			python.py.runPython('import lifecycle.tasks as t; t.MAX_TASKS = 40');
		}
	});

	it('caps the stored events, keeps every start and end, counts the rest, and frees its tool id', async () => {
		python.py.runPython('import lifecycle.tasks as t; t.MAX_EVENTS = 10');
		try {
			const timeline = await record(
				`import asyncio

async def many():
    for _ in range(50):
        await asyncio.sleep(0)

await asyncio.create_task(many(), name="many")
`,
				'<cell 7>'
			);
			const many = task(timeline, 'many');
			expect(many.suspensions).toBe(50);
			expect(kinds(many)[0]).toBe('start');
			expect(kinds(many).at(-1)).toBe('finish');
			const stored = timeline.tasks.reduce((n, t) => n + t.events.length, 0);
			expect(stored).toBeLessThanOrEqual(10 + 4 * timeline.maxTasks);
			// Every event is either stored or counted: main (4) and many (2 + 2 per suspension).
			expect(stored + timeline.dropped).toBe(4 + 2 + 2 * 50);
			// Suspensions and resumes are dropped in pairs: stored ones still alternate.
			const middle = kinds(many).slice(1, -1);
			expect(middle).toEqual(middle.map((_, i) => (i % 2 === 0 ? 'suspend' : 'resume')));
		} finally {
			python.py.runPython('import lifecycle.tasks as t; t.MAX_EVENTS = 1500');
		}
		expect(
			python.py.runPython(
				'import sys; [sys.monitoring.get_tool(i) for i in range(6)].count("course-tasks")'
			)
		).toBe(0);
	});
});

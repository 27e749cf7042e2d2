/**
 * The asyncio task timeline's rendering (`widget="tasks"`): one row per task (`data-task="<name>"`) on a shared
 * time axis, with the stretches where the task ran (a solid bar: it held the thread) and where it waited at an
 * `await` (a thin dashed line: other tasks could run), and a mark for each event (`data-event`: start, suspend,
 * resume, finish, raise, cancel), each a different shape. Under it, the same story as text, task by task, for
 * screen readers and for reading the lines. Pure DOM building with text nodes.
 *
 * Data comes from `lifecycle.tasks.result` (src/python/lifecycle/tasks.py).
 */
import { el } from './dom';
import { formatMs } from './gc-timeline';

export type TaskEventKind = 'start' | 'suspend' | 'resume' | 'finish' | 'raise' | 'cancel';

export interface TaskEvent {
	kind: TaskEventKind;
	ms: number;
	line: number | null;
	/** The source line of a suspension (the `await` where the task gave up control). */
	text?: string;
}

export interface TaskRecord {
	index: number;
	/** "main" for the task running the cell's top-level code, else the task's name. */
	name: string;
	taskName: string | null;
	main: boolean;
	/** The task's outermost coroutine in the cell ("<module>" for main). */
	coroutine: string | null;
	state: 'running' | 'waiting' | 'finished' | 'raised' | 'cancelled';
	error: string | null;
	suspensions: number;
	events: TaskEvent[];
}

export interface TaskTimeline {
	filename: string;
	durationMs: number;
	loop: string | null;
	monitored: boolean;
	tasks: TaskRecord[];
	dropped: number;
	droppedTasks: number;
	maxEvents: number;
	maxTasks: number;
}

/** A stretch of one task's life: running (holding the thread) or waiting at an await. */
export interface Span {
	kind: 'running' | 'waiting';
	from: number;
	to: number;
	/** For a waiting span: the line of the await. For a running span: the line it began on. */
	line: number | null;
}

interface Build {
	document: Document;
}

/** The running and waiting stretches of a task, from its events; an unfinished task's last stretch runs to `end`. */
export function spansOf(task: TaskRecord, end: number): Span[] {
	const spans: Span[] = [];
	let open: Span | null = null;
	for (const event of task.events) {
		if (open) {
			open.to = event.ms;
			spans.push(open);
			open = null;
		}
		if (event.kind === 'start' || event.kind === 'resume')
			open = { kind: 'running', from: event.ms, to: event.ms, line: event.line };
		else if (event.kind === 'suspend')
			open = { kind: 'waiting', from: event.ms, to: event.ms, line: event.line };
	}
	if (open) {
		open.to = Math.max(open.from, end);
		spans.push(open);
	}
	return spans;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "work()" for a coroutine, "the cell's top-level code" for main. */
export function coroutineLabel(task: TaskRecord): string {
	if (task.main) return 'the cell’s top-level code';
	return task.coroutine ? `${task.coroutine}()` : 'no coroutine of the cell seen';
}

/** How the task ended, or that it had not when the cell's run ended. */
export function stateLabel(task: TaskRecord): string {
	switch (task.state) {
		case 'finished':
			return 'finished';
		case 'raised':
			return `raised ${task.error ?? 'an exception'}`;
		case 'cancelled':
			return 'cancelled';
		case 'waiting':
			return 'still waiting when the cell ended';
		default:
			return 'still running when the cell ended';
	}
}

/** The longest stretch any task ran without giving up control (the stall every other task had to sit out). */
export function longestRun(timeline: TaskTimeline): { task: TaskRecord; span: Span } | null {
	let best: { task: TaskRecord; span: Span } | null = null;
	for (const task of timeline.tasks) {
		for (const span of spansOf(task, timeline.durationMs)) {
			if (span.kind !== 'running') continue;
			if (!best || span.to - span.from > best.span.to - best.span.from) best = { task, span };
		}
	}
	return best;
}

/** Waiting time summed over all tasks: more than the run's length means the waits overlapped. */
export function totalWaiting(timeline: TaskTimeline): number {
	return timeline.tasks
		.flatMap((task) => spansOf(task, timeline.durationMs))
		.filter((span) => span.kind === 'waiting')
		.reduce((sum, span) => sum + (span.to - span.from), 0);
}

/** The headline (how many tasks, how long, how many suspensions) and what to notice, as separate sentences. */
export function summaryParts(timeline: TaskTimeline): { headline: string; notes: string[] } {
	const tasks = timeline.tasks.length + timeline.droppedTasks;
	const suspensions = timeline.tasks.reduce((sum, t) => sum + t.suspensions, 0);
	const headline = `${plural(tasks, 'task')} in ${formatMs(timeline.durationMs)}; ${plural(suspensions, 'await')} gave up control.`;
	const notes: string[] = [];
	const waiting = totalWaiting(timeline);
	if (waiting > timeline.durationMs * 1.05)
		notes.push(
			`The tasks waited ${formatMs(waiting)} in all, more than the whole run: their waits overlapped.`
		);
	const longest = longestRun(timeline);
	// Worth a sentence only when it is a noticeable part of the run: then it is a stall the others sat out.
	if (
		longest &&
		timeline.tasks.length > 1 &&
		longest.span.to - longest.span.from >= timeline.durationMs / 4
	) {
		const { from, to } = longest.span;
		const others = timeline.tasks
			.filter((task) => task !== longest.task)
			.flatMap((task) => task.events)
			.filter((event) => event.ms > from && event.ms < to).length;
		notes.push(
			`Longest stretch without an await that gave up control: ${longest.task.name}, ${formatMs(to - from)}; ` +
				(others === 0
					? 'no other task ran meanwhile.'
					: `yet ${plural(others, 'event')} of other tasks happened meanwhile: the task was paused without an await.`)
		);
	}
	return { headline, notes };
}

export function summary(timeline: TaskTimeline): string {
	const { headline, notes } = summaryParts(timeline);
	return [headline, ...notes].join(' ');
}

function describeEvent(
	event: TaskEvent,
	previous: TaskEvent | undefined,
	task: TaskRecord
): string {
	const at = event.line === null ? '' : ` (line ${event.line})`;
	switch (event.kind) {
		case 'start':
			return `starts${at}`;
		case 'suspend':
			return `gives up control at an await${at}${event.text ? `: ${event.text}` : ''}`;
		case 'resume':
			return previous?.kind === 'suspend'
				? `resumes after waiting ${formatMs(event.ms - previous.ms)}${at}`
				: `resumes${at}`;
		case 'finish':
			return `returns${at}`;
		case 'raise':
			return `ends with ${task.error ?? 'an exception'}${at}`;
		case 'cancel':
			return `is cancelled${at}`;
	}
}

/** A position on the axis, as a percentage of the run. */
function at(ms: number, span: number): string {
	return `${Math.min(100, Math.max(0, (ms / span) * 100)).toFixed(3)}%`;
}

function renderRow(task: TaskRecord, span: number, end: number, { document }: Build): HTMLElement {
	const bars = spansOf(task, end).map((s) => {
		const bar = el(document, 'span', {
			class: `tt-span tt-${s.kind}`,
			'data-span': s.kind,
			title: `${s.kind === 'running' ? 'running' : 'waiting'} ${formatMs(s.from)} – ${formatMs(s.to)}${s.line === null ? '' : `, line ${s.line}`}`,
		});
		bar.style.left = at(s.from, span);
		bar.style.width = `${Math.max(0, ((s.to - s.from) / span) * 100).toFixed(3)}%`;
		return bar;
	});
	const marks = task.events.map((event) => {
		const mark = el(document, 'span', {
			class: `tt-mark tt-${event.kind}`,
			'data-event': event.kind,
			'data-ms': String(event.ms),
			title: `${event.kind} at ${formatMs(event.ms)}${event.line === null ? '' : `, line ${event.line}`}`,
		});
		mark.style.left = at(event.ms, span);
		return mark;
	});
	return el(
		document,
		'div',
		{ class: 'tt-row', 'data-task': task.name, 'data-state': task.state },
		[
			el(document, 'div', { class: 'tt-label' }, [
				el(document, 'span', { class: 'tt-name' }, [task.name]),
				el(document, 'span', { class: 'tt-coroutine' }, [
					task.main ? '<module>' : (task.coroutine ?? ''),
				]),
			]),
			el(document, 'div', { class: 'tt-track' }, [...bars, ...marks]),
		]
	);
}

function renderChart(timeline: TaskTimeline, { document }: Build): HTMLElement {
	const last = Math.max(0, ...timeline.tasks.flatMap((t) => t.events.map((e) => e.ms)));
	const end = Math.max(timeline.durationMs, last);
	const span = Math.max(end, 0.001);
	const rows = timeline.tasks.map((task) => renderRow(task, span, end, { document }));
	const axis = el(document, 'div', { class: 'tt-axis' }, [
		el(document, 'span', {}, ['0 ms']),
		el(document, 'span', {}, ['time since the run began →']),
		el(document, 'span', {}, [formatMs(span)]),
	]);
	// The list below tells every event in words; the drawing is its picture.
	return el(
		document,
		'div',
		{
			class: 'tt-chart',
			role: 'img',
			'aria-label': `Timeline of ${plural(timeline.tasks.length, 'task')} over ${formatMs(span)}: one row per task, solid where it ran, dashed where it waited; the list below tells each task’s events.`,
		},
		[...rows, axis]
	);
}

function renderLegend({ document }: Build): HTMLElement {
	const key = (className: string, text: string) =>
		el(document, 'li', {}, [
			el(document, 'span', { class: `tt-key ${className}`, 'aria-hidden': 'true' }),
			` ${text}`,
		]);
	return el(document, 'ul', { class: 'tt-legend', 'aria-label': 'Key' }, [
		key('tt-key-running', 'solid bar: running (holds the thread)'),
		key('tt-key-waiting', 'dashed line: waiting at an await'),
		key('tt-key-start', 'circle: starts'),
		key('tt-key-suspend', 'tick: gives up control / resumes'),
		key('tt-key-finish', 'square: returns'),
		key('tt-key-raise', 'cross: exception or cancelled'),
	]);
}

function renderList(timeline: TaskTimeline, { document }: Build): HTMLElement {
	const items = timeline.tasks.map((task) => {
		const steps = task.events.map((event, i) =>
			el(document, 'li', { 'data-event': event.kind }, [
				el(document, 'span', { class: 'tt-when' }, [formatMs(event.ms)]),
				' ',
				describeEvent(event, task.events[i - 1], task),
			])
		);
		return el(document, 'li', { 'data-task-events': task.name }, [
			el(document, 'strong', {}, [task.name]),
			` (${coroutineLabel(task)}): ${plural(task.suspensions, 'suspension')}, ${stateLabel(task)}.`,
			el(document, 'ol', { class: 'tt-steps' }, steps),
		]);
	});
	return el(
		document,
		'div',
		{
			class: 'tt-list-box',
			tabindex: '0',
			role: 'region',
			'aria-label': 'Every task’s events as text',
		},
		[el(document, 'ul', { class: 'tt-list' }, items)]
	);
}

/** The whole timeline. */
export function render(timeline: TaskTimeline, { document }: Build): HTMLElement {
	const root = el(document, 'div', { class: 'tt-root', 'data-task-timeline': '' });
	const { headline, notes } = summaryParts(timeline);
	root.append(
		el(document, 'p', { class: 'tt-summary', 'data-tasks-summary': '' }, [
			el(document, 'strong', {}, [headline]),
			...notes.map((note) => ` ${note}`),
		])
	);
	if (!timeline.monitored) {
		root.append(
			el(document, 'p', { class: 'cell-notice cell-notice-error' }, [
				'The run could not be watched: every sys.monitoring tool id was taken (by the program itself?).',
			])
		);
		return root;
	}
	root.append(
		el(document, 'p', { class: 'tt-facts' }, [
			`One thread, one event loop (${timeline.loop ?? 'unknown'}): at any moment at most one task runs. `,
			'The row “main” is the cell’s top-level code, which Pyodide runs as a coroutine inside a task.',
		])
	);
	if (timeline.tasks.length > 0)
		root.append(
			renderChart(timeline, { document }),
			renderLegend({ document }),
			renderList(timeline, { document })
		);
	const lost: string[] = [];
	if (timeline.droppedTasks > 0)
		lost.push(
			`${plural(timeline.droppedTasks, 'task')} beyond the first ${timeline.maxTasks} not drawn`
		);
	if (timeline.dropped > 0)
		lost.push(
			`${plural(timeline.dropped, 'suspension or resume', 'suspensions and resumes')} beyond the first ${timeline.maxEvents.toLocaleString('en')} events not drawn`
		);
	if (lost.length > 0)
		root.append(el(document, 'p', { class: 'tt-more' }, [`${lost.join('; ')}.`]));
	return root;
}

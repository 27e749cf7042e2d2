/**
 * The system-call trace's rendering (`widget="syscalls"`): a summary (calls per operation, bytes read and
 * written), controls to pick the view and an operation, and a table: one row per file-system call
 * (`data-syscall="open"`, `data-path`) with its path, bytes and time, or one row per path with what was done to
 * it, which is how an import reads best (stat the folder, list it, stat the file, open, read, close). Pure DOM
 * building with text nodes; src/scripts/widgets/syscalls.ts wires the controls.
 *
 * Data comes from `lifecycle.syscalls.result` (src/python/lifecycle/syscalls.py).
 */
import { el } from './dom';

export interface SyscallCall {
	op: string;
	path: string;
	bytes?: number;
	to?: string;
	ms: number;
}

export interface SyscallSummary {
	/** Calls made, dropped ones included. */
	total: number;
	counts: Record<string, number>;
	bytesRead: number;
	bytesWritten: number;
	ms: number;
	paths: number;
}

export interface SyscallTrace {
	filename: string;
	calls: SyscallCall[];
	dropped: number;
	summary: SyscallSummary;
	available: boolean;
}

export type SyscallView = 'calls' | 'paths';

export interface SyscallFilter {
	view: SyscallView;
	/** An operation name, or 'all'. */
	op: string;
}

interface Build {
	document: Document;
}

/** Rows drawn in the one-row-per-call view; the tracer itself keeps 2000 calls. */
export const TABLE_ROWS = 400;

export const DEFAULT_FILTER: SyscallFilter = { view: 'calls', op: 'all' };

/** What each operation asks for, and its Linux system call where the name differs. */
export const OPERATIONS: Record<string, string> = {
	open: 'open a file or folder and get a file descriptor (Linux: openat)',
	stat: 'does the path exist; its type, size and modification time (Linux: newfstatat)',
	lstat: 'stat without following a symbolic link',
	read: 'copy bytes from an open file into memory',
	write: 'copy bytes from memory into an open file',
	lseek: 'move to (or ask for) a position in an open file',
	close: 'give the file descriptor back',
	readdir: 'list a folder’s entries (Linux: getdents64)',
	mkdir: 'make a folder',
	rmdir: 'remove an empty folder',
	unlink: 'delete a file',
	rename: 'rename or move a path',
	utime: 'set a file’s access and modification times',
	truncate: 'cut a file to a length',
};

/** The order operations are listed in: the common life of a file first. */
const OP_ORDER = Object.keys(OPERATIONS);

function opRank(op: string): number {
	const index = OP_ORDER.indexOf(op);
	return index === -1 ? OP_ORDER.length : index;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "29 B", "128 KiB", "1.5 MiB": bytes as a learner reads them. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes.toLocaleString('en')} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KiB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatMs(ms: number): string {
	if (ms < 0.01) return '<0.01 ms';
	if (ms < 10) return `${ms.toFixed(2)} ms`;
	return `${Math.round(ms).toLocaleString('en')} ms`;
}

/** Operations present in the trace, in the usual order. */
export function operationsOf(trace: SyscallTrace): string[] {
	return Object.keys(trace.summary.counts).sort(
		(a, b) => opRank(a) - opRank(b) || a.localeCompare(b)
	);
}

/** What a path is, for a learner reading an import. */
export function describePath(path: string, ops: readonly string[]): string {
	if (/\/python3\d+\.zip$/.test(path)) return 'the standard library, a zip archive';
	if (path.includes('/__pycache__/') && path.endsWith('.pyc')) return 'bytecode cache (.pyc)';
	if (path.endsWith('/__pycache__')) return 'bytecode cache folder';
	if (path.includes('/site-packages/')) return 'an installed package (site-packages)';
	if (ops.includes('readdir') || ops.includes('mkdir')) return 'a folder';
	if (path.endsWith('.py')) return 'Python source';
	return '';
}

/** "N file-system calls on M paths: …; X read, Y written." */
export function summaryText(trace: SyscallTrace): string {
	const { summary } = trace;
	if (!trace.available)
		return 'File-system calls cannot be traced here (no tracer in this interpreter).';
	if (summary.total === 0)
		return 'No file-system calls: this run did not open, read, write or look up any file (printing goes to the page, not a file).';
	const counts = operationsOf(trace).map((op) => `${summary.counts[op] ?? 0} ${op}`);
	return `${plural(summary.total, 'file-system call')} on ${plural(summary.paths, 'path')}: ${counts.join(', ')}. ${formatBytes(summary.bytesRead)} read, ${formatBytes(summary.bytesWritten)} written, ${formatMs(summary.ms)} in the calls.`;
}

function matches(call: SyscallCall, filter: SyscallFilter): boolean {
	return filter.op === 'all' || call.op === filter.op;
}

function bytesCell(call: SyscallCall): string {
	return call.bytes === undefined ? '—' : formatBytes(call.bytes);
}

function tableBox(
	document: Document,
	label: string,
	table: HTMLElement,
	more: string | null
): HTMLElement {
	return el(
		document,
		'div',
		{ class: 'sys-table-box', tabindex: '0', role: 'region', 'aria-label': label },
		table,
		more ? el(document, 'p', { class: 'sys-more', 'data-syscall-more': '' }, [more]) : null
	);
}

function headerRow(document: Document, names: string[]): HTMLElement {
	return el(
		document,
		'tr',
		{},
		names.map((name) => el(document, 'th', { scope: 'col' }, [name]))
	);
}

/** One row per call, in the order they were made. */
export function renderCalls(
	trace: SyscallTrace,
	filter: SyscallFilter,
	{ document }: Build
): HTMLElement {
	const numbered = trace.calls
		.map((call, index) => ({ call, index }))
		.filter(({ call }) => matches(call, filter));
	const shown = numbered.slice(0, TABLE_ROWS);
	const rows = shown.map(({ call, index }) =>
		el(document, 'tr', { 'data-syscall': call.op, 'data-path': call.path }, [
			el(document, 'th', { scope: 'row' }, [String(index + 1)]),
			el(document, 'td', { 'data-label': 'Call' }, [
				el(document, 'code', { class: 'sys-op' }, [call.op]),
			]),
			el(document, 'td', { 'data-label': 'Path', class: 'sys-path' }, [
				el(document, 'code', {}, [call.path]),
				call.to ? ` → ${call.to}` : null,
			]),
			el(document, 'td', { 'data-label': 'Bytes', 'data-bytes': String(call.bytes ?? '') }, [
				bytesCell(call),
			]),
			el(document, 'td', { 'data-label': 'Took' }, [formatMs(call.ms)]),
		])
	);
	const table = el(document, 'table', { class: 'sys-table' }, [
		el(document, 'caption', {}, [
			filter.op === 'all'
				? 'Every call, in the order Python made it'
				: `The ${filter.op} calls, in order`,
		]),
		el(document, 'thead', {}, [headerRow(document, ['#', 'Call', 'Path', 'Bytes', 'Took'])]),
		el(document, 'tbody', {}, rows),
	]);
	const notes: string[] = [];
	if (numbered.length > shown.length)
		notes.push(
			`${plural(numbered.length - shown.length, 'more call')} not listed (the first ${TABLE_ROWS} are).`
		);
	if (trace.dropped > 0)
		notes.push(
			`The tracer kept the first ${trace.calls.length.toLocaleString('en')} calls; ${plural(trace.dropped, 'later call')} ${trace.dropped === 1 ? 'was' : 'were'} counted but not recorded.`
		);
	if (numbered.length === 0) notes.push('No call of this kind.');
	return tableBox(
		document,
		'File-system calls table',
		table,
		notes.length > 0 ? notes.join(' ') : null
	);
}

interface PathGroup {
	path: string;
	first: number;
	ops: string[];
	counts: Map<string, number>;
	read: number;
	written: number;
}

/** Calls grouped by path, paths in the order they were first touched. */
export function groupByPath(
	calls: readonly SyscallCall[],
	filter: SyscallFilter = DEFAULT_FILTER
): PathGroup[] {
	const groups = new Map<string, PathGroup>();
	calls.forEach((call, index) => {
		if (!matches(call, filter)) return;
		let group = groups.get(call.path);
		if (!group) {
			group = { path: call.path, first: index, ops: [], counts: new Map(), read: 0, written: 0 };
			groups.set(call.path, group);
		}
		group.ops.push(call.op);
		group.counts.set(call.op, (group.counts.get(call.op) ?? 0) + 1);
		if (call.op === 'read') group.read += call.bytes ?? 0;
		if (call.op === 'write') group.written += call.bytes ?? 0;
	});
	return [...groups.values()];
}

/** "stat ×2, open, read ×2, close": a path's calls in order, repeats in a row folded. */
export function sequence(ops: readonly string[]): string {
	const parts: string[] = [];
	let index = 0;
	while (index < ops.length) {
		let run = 1;
		while (ops[index + run] === ops[index]) run += 1;
		parts.push(run > 1 ? `${ops[index]} ×${run}` : String(ops[index]));
		index += run;
	}
	return parts.join(', ');
}

/** One row per path: what was done to it, in order. */
export function renderPaths(
	trace: SyscallTrace,
	filter: SyscallFilter,
	{ document }: Build
): HTMLElement {
	const groups = groupByPath(trace.calls, filter);
	const rows = groups.map((group) => {
		const kind = describePath(group.path, group.ops);
		return el(document, 'tr', { 'data-path-row': group.path }, [
			el(document, 'th', { scope: 'row', class: 'sys-path' }, [
				el(document, 'code', {}, [group.path]),
				kind ? el(document, 'span', { class: 'sys-kind' }, [kind]) : null,
			]),
			el(document, 'td', { 'data-label': 'Calls, in order', class: 'sys-sequence' }, [
				sequence(group.ops),
			]),
			el(document, 'td', { 'data-label': 'Read' }, [group.read ? formatBytes(group.read) : '—']),
			el(document, 'td', { 'data-label': 'Written' }, [
				group.written ? formatBytes(group.written) : '—',
			]),
			el(document, 'td', { 'data-label': 'First call' }, [`#${group.first + 1}`]),
		]);
	});
	const table = el(document, 'table', { class: 'sys-table' }, [
		el(document, 'caption', {}, ['Each path, in the order it was first touched']),
		el(document, 'thead', {}, [
			headerRow(document, ['Path', 'Calls, in order', 'Read', 'Written', 'First call']),
		]),
		el(document, 'tbody', {}, rows),
	]);
	const note =
		trace.dropped > 0
			? `Only the first ${trace.calls.length.toLocaleString('en')} calls were recorded.`
			: null;
	return tableBox(
		document,
		'File-system calls grouped by path',
		table,
		groups.length === 0 ? 'No call of this kind.' : note
	);
}

export function renderView(trace: SyscallTrace, filter: SyscallFilter, build: Build): HTMLElement {
	const view =
		filter.view === 'paths' ? renderPaths(trace, filter, build) : renderCalls(trace, filter, build);
	view.setAttribute('data-syscall-view', filter.view);
	return view;
}

function renderControls(
	trace: SyscallTrace,
	filter: SyscallFilter,
	{ document }: Build
): HTMLElement {
	const radio = (value: SyscallView, text: string) => {
		const input = el(document, 'input', {
			type: 'radio',
			name: `sys-view-${trace.filename}`,
			value,
			'data-syscall-control': 'view',
		});
		if (filter.view === value) input.setAttribute('checked', '');
		return el(document, 'label', { class: 'sys-choice' }, [input, ` ${text}`]);
	};
	const select = el(
		document,
		'select',
		{ 'data-syscall-control': 'op' },
		el(document, 'option', { value: 'all' }, ['all operations']),
		operationsOf(trace).map((op) =>
			el(document, 'option', { value: op }, [`${op} (${trace.summary.counts[op] ?? 0})`])
		)
	);
	for (const option of select.querySelectorAll('option'))
		if (option.value === filter.op) option.setAttribute('selected', '');
	return el(document, 'div', { class: 'sys-controls' }, [
		el(document, 'fieldset', { class: 'sys-views' }, [
			el(document, 'legend', {}, ['Show']),
			radio('calls', 'one row per call'),
			radio('paths', 'one row per path'),
		]),
		el(document, 'label', { class: 'sys-op-filter' }, ['Operation ', select]),
	]);
}

/** The operations present, each with what it asks the system for. */
function renderGlossary(trace: SyscallTrace, { document }: Build): HTMLElement {
	return el(
		document,
		'dl',
		{ class: 'sys-glossary', 'aria-label': 'What each call does' },
		operationsOf(trace).flatMap((op) => [
			el(document, 'dt', {}, [el(document, 'code', {}, [op])]),
			el(document, 'dd', {}, [OPERATIONS[op] ?? 'a file-system operation']),
		])
	);
}

/** The whole trace. */
export function render(
	trace: SyscallTrace,
	{ document }: Build,
	filter: SyscallFilter = DEFAULT_FILTER
): HTMLElement {
	const root = el(document, 'div', { class: 'sys-root', 'data-syscalls': '' }, [
		el(document, 'p', { class: 'sys-summary', 'data-syscall-summary': '' }, [summaryText(trace)]),
	]);
	if (trace.calls.length > 0) {
		root.append(
			renderGlossary(trace, { document }),
			renderControls(trace, filter, { document }),
			renderView(trace, filter, { document })
		);
	}
	return root;
}

/**
 * The `specialize` widget's drawing: the adaptive bytecode of every function a cell defined (rows carry
 * data-opname, the instruction as the interpreter has rewritten it so far), the warm-up controls, which
 * instructions a warm-up changed and into what (data-changed="BINARY_OP" and the words "was BINARY_OP", not colour
 * alone), and cold vs warm call timings as bars with the ratio written out.
 *
 * Data: lifecycle.specialize (src/python/lifecycle/specialize.py). Pure: DOM built with text nodes only.
 */
import { formatRatio, formatSeconds } from './ratio-bars';
import { el } from './dom';

export interface SpecRow {
	offset: number;
	opname: string;
	baseopname: string;
	argrepr: string;
	line: number | null;
	counter: { value: number; backoff: number } | null;
}

export interface SpecFunction {
	index: number;
	qualname: string;
	firstLine: number;
	argcount: number;
	params: string[];
	alive: boolean;
	instructions: SpecRow[];
	truncated: boolean;
}

export interface Explored {
	recorded: boolean;
	functions: SpecFunction[];
	jit: { available: boolean; enabled: boolean };
}

export interface TimingSide {
	seconds: number | null;
	calls: number;
}

export interface Timings {
	cold: TimingSide;
	warm: TimingSide;
	ratio: number | null;
}

export interface ViewState {
	explored: Explored;
	/** The listing before the last warm-up or timing, to mark what changed; null on a fresh run. */
	previous: Explored | null;
	/** Index of the function the controls act on. */
	selected: number;
	args: string;
	times: number;
	timings: Timings | null;
	/** Unique prefix for element ids (several cells may carry the widget). */
	idPrefix: string;
}

export const WARM_UP_TIMES = [1, 10, 100, 1000] as const;

export interface Change {
	offset: number;
	from: string;
	to: string;
}

/** Instructions whose name differs from the previous listing of the same function (matched by offset). */
export function changesOf(previous: SpecFunction | undefined, current: SpecFunction): Change[] {
	if (!previous) return [];
	const before = new Map(previous.instructions.map((row) => [row.offset, row.opname]));
	return current.instructions.flatMap((row) => {
		const from = before.get(row.offset);
		return from !== undefined && from !== row.opname ? [{ offset: row.offset, from, to: row.opname }] : [];
	});
}

/** Argument tuples of one kind for a function of `count` parameters: "(1, 2)", "(1.5,)", "()". */
export function presetArgs(kind: 'ints' | 'floats' | 'strings', count: number): string {
	const values = Array.from({ length: count }, (_, i) =>
		kind === 'ints' ? String(i + 1) : kind === 'floats' ? `${i + 1}.5` : `'${String.fromCharCode(97 + (i % 26))}'`
	);
	return `(${values.join(', ')}${count === 1 ? ',' : ''})`;
}

function counterText(counter: SpecRow['counter']): string {
	return counter ? `${counter.value} (backoff ${counter.backoff})` : '';
}

function listing(document: Document, fn: SpecFunction, changes: Change[], idPrefix: string): HTMLElement {
	const changed = new Map(changes.map((change) => [change.offset, change.from]));
	const captionId = `${idPrefix}-fn-${fn.index}`;
	const table = el(
		document,
		'table',
		{ class: 'spec-table', 'aria-labelledby': captionId },
		el(
			document,
			'thead',
			{},
			el(
				document,
				'tr',
				{},
				el(document, 'th', { scope: 'col' }, 'Line'),
				el(document, 'th', { scope: 'col' }, 'Offset'),
				el(document, 'th', { scope: 'col' }, 'Instruction now'),
				el(document, 'th', { scope: 'col' }, 'Argument'),
				el(document, 'th', { scope: 'col' }, 'Counter')
			)
		)
	);
	const body = el(document, 'tbody');
	for (const row of fn.instructions) {
		const was = changed.get(row.offset);
		const attrs: Record<string, string> = { 'data-opname': row.opname, 'data-offset': String(row.offset) };
		if (row.opname !== row.baseopname) attrs['data-specialized'] = row.baseopname;
		if (was !== undefined) attrs['data-changed'] = was;
		const name = el(document, 'td', { class: 'spec-opname' }, el(document, 'code', {}, row.opname));
		if (was !== undefined) name.append(' ', el(document, 'span', { class: 'spec-was' }, `was ${was}`));
		else if (row.opname !== row.baseopname) name.append(' ', el(document, 'span', { class: 'spec-family' }, `form of ${row.baseopname}`));
		body.append(
			el(
				document,
				'tr',
				attrs,
				el(document, 'td', { class: 'spec-line' }, row.line === null ? '' : String(row.line)),
				el(document, 'td', { class: 'spec-offset' }, String(row.offset)),
				name,
				el(document, 'td', { class: 'spec-arg' }, row.argrepr),
				el(document, 'td', { class: 'spec-counter' }, counterText(row.counter))
			)
		);
	}
	table.append(body);
	const specialized = fn.instructions.filter((row) => row.opname !== row.baseopname).length;
	const summary =
		changes.length > 0
			? `${changes.length} instruction${changes.length === 1 ? '' : 's'} changed: ${changes.map((c) => `${c.from} → ${c.to}`).join(', ')}.`
			: `${specialized} of ${fn.instructions.length} instructions in a specialized form.`;
	return el(
		document,
		'section',
		{ class: 'spec-function', 'data-function': fn.qualname, 'data-index': String(fn.index) },
		el(
			document,
			'p',
			{ class: 'spec-function-title', id: captionId },
			el(document, 'code', {}, fn.qualname),
			` (line ${fn.firstLine})`,
			fn.alive ? '' : ': no function object of it is alive after the run, so it is shown as the run left it'
		),
		el(document, 'p', { class: 'spec-summary', 'data-changes': String(changes.length) }, summary),
		el(
			document,
			'div',
			{ class: 'spec-scroll', tabindex: '0', role: 'region', 'aria-label': `Adaptive bytecode of ${fn.qualname}` },
			table
		),
		fn.truncated ? el(document, 'p', { class: 'widget-note' }, 'Long function: only its first instructions are shown.') : null
	);
}

function controls(document: Document, state: ViewState, alive: SpecFunction[]): HTMLElement {
	const p = state.idPrefix;
	const select = el(document, 'select', { id: `${p}-function`, 'data-spec-function': '' });
	for (const fn of alive) {
		const option = el(document, 'option', { value: String(fn.index) }, `${fn.qualname} (line ${fn.firstLine})`);
		if (fn.index === state.selected) option.setAttribute('selected', '');
		select.append(option);
	}
	const times = el(document, 'select', { id: `${p}-times`, 'data-spec-times': '' });
	for (const n of WARM_UP_TIMES) {
		const option = el(document, 'option', { value: String(n) }, n === 1 ? '1 time' : `${n.toLocaleString('en')} times`);
		if (n === state.times) option.setAttribute('selected', '');
		times.append(option);
	}
	const args = el(document, 'input', {
		id: `${p}-args`,
		type: 'text',
		'data-spec-args': '',
		spellcheck: 'false',
		autocomplete: 'off',
		autocapitalize: 'off',
		'aria-describedby': `${p}-args-hint`,
	});
	args.setAttribute('value', state.args);
	return el(
		document,
		'form',
		{ class: 'spec-controls widget-controls', 'data-spec-form': '' },
		el(document, 'div', { class: 'spec-field' }, el(document, 'label', { for: `${p}-function` }, 'Function'), select),
		el(
			document,
			'div',
			{ class: 'spec-field spec-field-args' },
			el(document, 'label', { for: `${p}-args` }, 'Arguments'),
			args,
			el(document, 'span', { class: 'spec-hint', id: `${p}-args-hint` }, 'A Python tuple, evaluated in the cell’s namespace.')
		),
		el(
			document,
			'div',
			{ class: 'spec-presets', role: 'group', 'aria-label': 'Other argument types' },
			el(document, 'span', {}, 'Other types:'),
			el(document, 'button', { type: 'button', 'data-spec-preset': 'ints' }, 'ints'),
			el(document, 'button', { type: 'button', 'data-spec-preset': 'floats' }, 'floats'),
			el(document, 'button', { type: 'button', 'data-spec-preset': 'strings' }, 'strings')
		),
		el(document, 'div', { class: 'spec-field' }, el(document, 'label', { for: `${p}-times` }, 'Calls'), times),
		el(
			document,
			'div',
			{ class: 'spec-buttons' },
			el(document, 'button', { type: 'submit', 'data-spec-warm': '' }, 'Warm up'),
			el(document, 'button', { type: 'button', 'data-spec-time': '' }, 'Time cold vs warm')
		)
	);
}

function timingBar(document: Document, side: 'cold' | 'warm', label: string, timing: TimingSide, slowest: number): HTMLElement {
	const seconds = timing.seconds ?? 0;
	const fill = el(document, 'span', { class: `spec-fill spec-fill-${side}` });
	fill.style.width = `${slowest > 0 ? Math.max(0.5, (seconds / slowest) * 100).toFixed(2) : '0'}%`;
	return el(
		document,
		'div',
		{ class: 'spec-bar', 'data-side': side },
		el(document, 'span', { class: 'spec-bar-name' }, label),
		el(document, 'span', { class: 'spec-track', 'aria-hidden': 'true' }, fill),
		el(
			document,
			'span',
			{ class: 'spec-bar-time' },
			timing.seconds === null ? 'not measured' : `${formatSeconds(seconds)} per call (${timing.calls} calls)`
		)
	);
}

/** The comparison in words. */
export function timingSentence(timings: Timings): string {
	const ratio = timings.ratio;
	if (ratio === null || !Number.isFinite(ratio)) return 'Too fast to compare.';
	if (ratio >= 1.1) return `Cold calls took ${formatRatio(ratio)} as long as warm ones.`;
	if (ratio <= 1 / 1.1) return `Warm calls took ${formatRatio(1 / ratio)} as long as cold ones: noise, or a specialization that does not pay off here.`;
	return `${formatRatio(ratio)}: the same speed, within the noise of the measurement.`;
}

function timingsView(document: Document, timings: Timings): HTMLElement {
	const slowest = Math.max(timings.cold.seconds ?? 0, timings.warm.seconds ?? 0);
	return el(
		document,
		'figure',
		{ class: 'spec-timings', 'data-ratio': timings.ratio === null ? '' : String(timings.ratio) },
		el(document, 'figcaption', {}, el(document, 'strong', {}, 'Cold vs warm calls')),
		timingBar(document, 'cold', 'Cold: first call of a fresh copy', timings.cold, slowest),
		timingBar(document, 'warm', 'Warm: calls of the warmed-up code', timings.warm, slowest),
		el(document, 'p', { class: 'spec-ratio' }, timingSentence(timings)),
		el(
			document,
			'p',
			{ class: 'widget-note' },
			'A fresh copy is a new code object (code.replace()), so it starts unspecialized; being new, it is also cold in the CPU’s caches, which costs too. Measured just now in your browser: noisy, so compare the ratio, not the times.'
		)
	);
}

export function render(state: ViewState, { document }: { document: Document }): HTMLElement {
	const { explored } = state;
	const root = el(document, 'div', { class: 'specialize', 'data-specialize': '' });
	root.append(
		el(
			document,
			'p',
			{ class: 'widget-note' },
			'Each function’s bytecode as the interpreter has rewritten it so far: dis.get_instructions(f, adaptive=True). ',
			explored.jit.available
				? 'This CPython was built with the JIT.'
				: 'There is no JIT in this CPython (WebAssembly): sys._jit.is_available() is False, so specialization is all the speed-up there is.'
		)
	);
	if (explored.functions.length === 0) {
		root.append(el(document, 'p', { class: 'widget-note', 'data-spec-empty': '' }, 'The cell defines no functions: write a def, run, and its bytecode appears here.'));
		return root;
	}
	const alive = explored.functions.filter((fn) => fn.alive);
	if (alive.length > 0) root.append(controls(document, state, alive));
	if (state.timings) root.append(timingsView(document, state.timings));
	for (const fn of explored.functions) {
		const before = state.previous?.functions.find((f) => f.index === fn.index && f.qualname === fn.qualname);
		root.append(listing(document, fn, changesOf(before, fn), state.idPrefix));
	}
	return root;
}

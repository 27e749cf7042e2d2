/**
 * Trace mode's panels: one per stage of the pipeline (tokens, AST, bytecode, .pyc, run, OS), each with the real
 * artifact lifecycle.trace.stages produced, the time the stage took and a link to the lesson that explains it.
 * Pure rendering from data, text nodes only. Each panel carries `data-stage`, which the map uses to light up the
 * matching node (src/scripts/widgets/trace.ts wires that).
 */
import { el, type Child } from './dom';

export const STAGE_NAMES = ['tokens', 'ast', 'bytecode', 'pyc', 'run', 'os'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

interface StageBase<S extends StageName> {
	stage: S;
	ok: boolean;
	seconds: number | null;
	/** Why the stage could not run (ok false). */
	reason?: string;
}

export interface Token {
	type: string;
	text: string;
	start: [number, number];
	end: [number, number];
}

export interface TokensStage extends StageBase<'tokens'> {
	count?: number;
	tokens?: Token[];
	truncated?: boolean;
}

export interface AstStage extends StageBase<'ast'> {
	nodes?: number;
	statements?: number;
	dump?: string;
	truncated?: boolean;
}

export interface Instruction {
	offset: number;
	opname: string;
	argrepr: string;
	line: number | null;
}

export interface CodeObjectListing {
	name: string;
	qualname: string;
	kind: string;
	firstLine: number;
	count: number;
	instructions: Instruction[];
	truncated: boolean;
}

export interface BytecodeStage extends StageBase<'bytecode'> {
	fromRun?: boolean;
	total?: number;
	codeObjects?: CodeObjectListing[];
	truncated?: boolean;
}

export interface PycHeader {
	magic: string;
	magicNumber: number;
	magicMatches: boolean;
	flags: number;
	mtime: number;
	sourceSize: number;
}

export interface PycStage extends StageBase<'pyc'> {
	module?: string;
	sourcePath?: string;
	path?: string;
	size?: number;
	listing?: string[];
	/** The first bytes of the file, as hex. */
	head?: string;
	header?: PycHeader;
}

export interface RunStage extends StageBase<'run'> {
	instructions?: number;
}

export interface FsCall {
	op: string;
	path: string;
	bytes?: number;
	/** The new path of a rename. */
	to?: string;
	phase: 'pyc' | 'run';
	ms?: number;
}

export interface OsStage extends StageBase<'os'> {
	total?: number;
	byOp?: Record<string, number>;
	bytesWritten?: number;
	bytesRead?: number;
	calls?: FsCall[];
	truncated?: boolean;
}

export type StageData = TokensStage | AstStage | BytecodeStage | PycStage | RunStage | OsStage;

/** What lifecycle.trace.stages returns. */
export interface TraceData {
	filename: string;
	lines: number;
	syntaxError: { type: string; message: string; line: number | null } | null;
	stages: StageData[];
}

/** The lesson that explains a stage (from src/data/plan.ts, passed by the page). */
export interface StageLink {
	href: string;
	title: string;
	order: number;
	available: boolean;
}

export interface RenderOptions {
	document: Document;
	links: Partial<Record<StageName, StageLink>>;
	/** One sentence on how the cell's run ended (describeRun). */
	runStatus: string;
	/** Where each stage sits on the lifecycle map, e.g. "Compiler layer › Bytecode storage" (one or more nodes). */
	places?: Partial<Record<StageName, string[]>>;
}

/** How the run ended, for the run panel; the shape of the cell's RunOutcome that matters here. */
export function describeRun(outcome: {
	status: string;
	error?: { type: string; message: string };
	exitCode?: number | string | null;
}): string {
	switch (outcome.status) {
		case 'ok':
			return 'Finished normally.';
		case 'error':
			return `Ended with an uncaught ${outcome.error?.type ?? 'exception'}${
				outcome.error?.message ? `: ${outcome.error.message}` : ''
			}.`;
		case 'exit':
			return `Ended by sys.exit(${JSON.stringify(outcome.exitCode ?? null)}).`;
		default:
			return `Did not finish (${outcome.status}).`;
	}
}

const TITLES: Record<StageName, string> = {
	tokens: 'Tokens',
	ast: 'Abstract syntax tree',
	bytecode: 'Bytecode',
	pyc: 'The .pyc file',
	run: 'The run',
	os: 'The operating system',
};

const TOOLS: Record<StageName, string> = {
	tokens: 'tokenize.generate_tokens',
	ast: 'ast.parse',
	bytecode: 'compile() and dis',
	pyc: 'SourceFileLoader.get_code',
	run: 'the evaluation loop, counted with sys.monitoring',
	os: 'the Emscripten file system',
};

/** Milliseconds from seconds, with the precision a browser clock can give. */
export function formatTime(seconds: number | null | undefined): string {
	if (seconds === null || seconds === undefined) return '—';
	const ms = seconds * 1000;
	if (ms < 0.01) return '< 0.01 ms';
	return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms).toString()} ms`;
}

const numberFormat = new Intl.NumberFormat('en-US');
export function formatCount(n: number): string {
	return numberFormat.format(n);
}

/** Python's repr of a short string, so whitespace tokens are visible ('\n', '    '). */
export function pyRepr(text: string): string {
	const escaped = text
		.replace(/\\/g, '\\\\')
		.replace(/\n/g, '\\n')
		.replace(/\r/g, '\\r')
		.replace(/\t/g, '\\t');
	return escaped.includes("'") && !escaped.includes('"') ? `"${escaped}"` : `'${escaped.replace(/'/g, "\\'")}'`;
}

/** A scrolling box for an artifact: focusable (so it scrolls by keyboard) and named. */
function artifact(document: Document, label: string, ...children: Child[]): HTMLElement {
	return el(document, 'div', { class: 'trace-artifact', tabindex: '0', role: 'region', 'aria-label': label }, ...children);
}

function table(document: Document, caption: string, head: string[], rows: Child[][], numeric: number[] = []): HTMLElement {
	const thead = el(document, 'thead', {}, el(document, 'tr', {}, ...head.map((h) => el(document, 'th', { scope: 'col' }, h))));
	const tbody = el(
		document,
		'tbody',
		{},
		...rows.map((cells) =>
			el(document, 'tr', {}, ...cells.map((cell, i) => el(document, 'td', numeric.includes(i) ? { class: 'num' } : {}, cell)))
		)
	);
	return el(document, 'table', { class: 'trace-table' }, el(document, 'caption', { class: 'visually-hidden' }, caption), thead, tbody);
}

function note(document: Document, text: string, className = 'trace-note'): HTMLElement {
	return el(document, 'p', { class: className }, text);
}

function code(document: Document, text: string): HTMLElement {
	return el(document, 'code', {}, text);
}

// --- one body per stage ------------------------------------------------------------------------------------------

function tokensBody(document: Document, stage: TokensStage): Child[] {
	const tokens = stage.tokens ?? [];
	const parts: Child[] = [];
	if (stage.count !== undefined) {
		const shown = stage.truncated ? ` (the first ${formatCount(tokens.length)} shown)` : '';
		parts.push(note(document, `${formatCount(stage.count)} tokens${stage.ok ? '' : ' before the error'}${shown}.`, 'trace-fact'));
	}
	if (tokens.length > 0) {
		const rows = tokens.map((t) => [t.type, code(document, pyRepr(t.text)), `${t.start[0]}:${t.start[1]}–${t.end[0]}:${t.end[1]}`]);
		parts.push(artifact(document, 'The tokens', table(document, 'Tokens: type, text and position (line:column)', ['Type', 'Text', 'Line:col'], rows)));
	}
	return parts;
}

function astBody(document: Document, stage: AstStage): Child[] {
	if (!stage.ok) return [];
	const cut = stage.truncated ? ' (cut short here)' : '';
	return [
		note(document, `${formatCount(stage.nodes ?? 0)} nodes; ${formatCount(stage.statements ?? 0)} statements at the top level${cut}.`, 'trace-fact'),
		artifact(document, 'The tree, ast.dump(indent=2)', el(document, 'pre', {}, code(document, stage.dump ?? ''))),
	];
}

function bytecodeBody(document: Document, stage: BytecodeStage): Child[] {
	if (!stage.ok) return [];
	const objects = stage.codeObjects ?? [];
	const source = stage.fromRun ? 'the ones your run executed' : 'compiled afresh';
	const listings = objects.map((object, index) => {
		const id = `trace-code-${index}`;
		const rows = object.instructions.map((i) => [i.line === null ? '' : String(i.line), String(i.offset), code(document, i.opname), i.argrepr]);
		const more = object.truncated ? note(document, `… ${formatCount(object.count - object.instructions.length)} more instructions.`) : '';
		return el(
			document,
			'div',
			{ class: 'trace-code-object', 'data-qualname': object.qualname },
			el(document, 'h4', { id }, code(document, object.qualname), ` — ${object.kind}, line ${object.firstLine}, ${formatCount(object.count)} instructions`),
			table(document, `Bytecode of ${object.qualname}`, ['Line', 'Offset', 'Instruction', 'Argument'], rows, [0, 1]),
			more
		);
	});
	const total = stage.total ?? objects.length;
	return [
		note(document, `${formatCount(total)} code object${total === 1 ? '' : 's'}, ${source}. The time is compile()’s, for the whole program.`, 'trace-fact'),
		artifact(document, 'The bytecode of every code object', ...listings),
		...(stage.truncated ? [note(document, `Only the first ${objects.length} code objects are shown.`)] : []),
	];
}

/** The file's first bytes in rows of 16, the header's four fields marked off with a legend. */
function hexView(document: Document, hex: string): HTMLElement {
	const bytes = hex.match(/../g) ?? [];
	const rows: HTMLElement[] = [];
	const fields = ['magic', 'flags', 'mtime', 'size'];
	for (let offset = 0; offset < bytes.length; offset += 16) {
		const row = el(document, 'span', { class: 'hex-row' }, el(document, 'span', { class: 'hex-offset' }, offset.toString(16).padStart(4, '0')));
		const chunk = bytes.slice(offset, offset + 16);
		if (offset === 0) {
			for (let f = 0; f < 4; f += 1) {
				const group = chunk.slice(f * 4, f * 4 + 4).join(' ');
				row.append(' ', el(document, 'span', { class: `hex-field hex-${fields[f] ?? ''}` }, group));
			}
		} else row.append(' ', chunk.join(' '));
		rows.push(row);
		if (offset === 0) {
			const legend = el(document, 'span', { class: 'hex-row hex-legend' }, el(document, 'span', { class: 'hex-offset' }, '    '));
			for (const name of fields) legend.append(' ', el(document, 'span', { class: 'hex-field-name' }, name.padEnd(11, ' ')));
			rows.push(legend);
		}
	}
	const pre = el(document, 'pre', { class: 'hex-view' });
	rows.forEach((row, i) => pre.append(...(i ? ['\n', row] : [row])));
	return pre;
}

function utc(seconds: number): string {
	return `${new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC`;
}

function pycBody(document: Document, stage: PycStage): Child[] {
	const parts: Child[] = [
		el(
			document,
			'p',
			{ class: 'trace-note' },
			'Your program taken as a module, ',
			code(document, `${stage.module ?? 'traced_program'}.py`),
			': the import system compiles it and caches the bytecode, as ',
			code(document, 'import'),
			' does before it runs a module. The script you run directly is never cached.'
		),
	];
	if (!stage.ok || !stage.header) return parts;
	const header = stage.header;
	const flags =
		header.flags === 0
			? '0: checked against the source’s mtime and size'
			: `${header.flags}: hash-based (${header.flags & 2 ? 'checked' : 'unchecked'})`;
	const dl = el(
		document,
		'dl',
		{ class: 'trace-fields' },
		el(document, 'dt', {}, 'File'),
		el(document, 'dd', {}, code(document, stage.path ?? ''), `, ${formatCount(stage.size ?? 0)} bytes`),
		el(document, 'dt', {}, '__pycache__'),
		el(document, 'dd', {}, ...(stage.listing ?? []).flatMap((name, i) => (i ? [', ', code(document, name)] : [code(document, name)]))),
		el(document, 'dt', {}, 'Magic'),
		el(
			document,
			'dd',
			{},
			code(document, header.magic.replace(/(..)(?=.)/g, '$1 ')),
			` — ${header.magicNumber} (two bytes, little-endian) then \\r\\n: ${
				header.magicMatches ? 'the magic number of this interpreter, CPython 3.14' : 'not this interpreter’s magic number'
			}`
		),
		el(document, 'dt', {}, 'Flags'),
		el(document, 'dd', {}, flags),
		el(document, 'dt', {}, 'Source mtime'),
		el(document, 'dd', {}, `${header.mtime} (${utc(header.mtime)})`),
		el(document, 'dt', {}, 'Source size'),
		el(document, 'dd', {}, `${formatCount(header.sourceSize)} bytes`)
	);
	const bytes = el(
		document,
		'div',
		{ class: 'trace-pyc-bytes' },
		artifact(document, `The first ${(stage.head ?? '').length / 2} bytes of the .pyc, in hex`, hexView(document, stage.head ?? '')),
		note(document, 'The 16-byte header, then the marshalled code object.')
	);
	parts.push(el(document, 'div', { class: 'trace-pyc' }, dl, bytes));
	return parts;
}

function runBody(document: Document, stage: RunStage, runStatus: string): Child[] {
	const parts: Child[] = [note(document, runStatus, 'trace-fact')];
	if (!stage.ok) return parts;
	parts.push(
		el(
			document,
			'p',
			{ class: 'trace-big' },
			el(document, 'strong', { 'data-instructions': String(stage.instructions ?? 0) }, formatCount(stage.instructions ?? 0)),
			' bytecode instructions executed'
		),
		note(
			document,
			'The output is in the cell’s output above. Counting every instruction (sys.monitoring) slows the run down: the time includes that.'
		)
	);
	return parts;
}

function osBody(document: Document, stage: OsStage, pyc: PycStage | undefined, run: RunStage | undefined): Child[] {
	const calls = stage.calls ?? [];
	const ops = Object.entries(stage.byOp ?? {})
		.map(([op, n]) => `${op} ×${n}`)
		.join(', ');
	const parts: Child[] = [
		note(
			document,
			`${formatCount(stage.total ?? calls.length)} file-system calls${ops ? `: ${ops}` : ''}; ${formatCount(stage.bytesWritten ?? 0)} bytes written, ${formatCount(stage.bytesRead ?? 0)} read.`,
			'trace-fact'
		),
		note(
			document,
			`${
				run?.ok
					? `Made while caching the .pyc (${formatTime(pyc?.seconds)}) and during your run (${formatTime(run.seconds)}).`
					: `Made while caching the .pyc (${formatTime(pyc?.seconds)}); the program itself did not run.`
			} In the browser, Emscripten’s in-memory file system stands in for the operating system’s.`
		),
	];
	if (calls.length > 0) {
		const rows = calls.map((c) => [c.phase === 'pyc' ? 'caching' : 'your run', code(document, c.op), code(document, c.to ? `${c.path} → ${c.to}` : c.path), c.bytes === undefined ? '' : formatCount(c.bytes), c.ms === undefined ? '' : c.ms.toFixed(3)]);
		parts.push(artifact(document, 'The file-system calls', table(document, 'File-system calls: when, operation, path, bytes and time', ['When', 'Call', 'Path', 'Bytes', 'ms'], rows, [3, 4])));
	}
	const atomic = pyc?.path && calls.some((c) => c.op === 'rename' && c.path.startsWith(`${pyc.path}.`));
	if (atomic) parts.push(note(document, 'The .pyc is written under a temporary name and then renamed, so no reader ever sees half a file.'));
	if (stage.truncated) parts.push(note(document, 'Only the first calls are listed.'));
	return parts;
}

// --- panels ------------------------------------------------------------------------------------------------------

function lessonLine(document: Document, link: StageLink | undefined): HTMLElement | string {
	if (!link) return '';
	const text = `Lesson ${link.order}: ${link.title}`;
	return el(
		document,
		'p',
		{ class: 'trace-lesson' },
		'Explained in ',
		el(document, 'a', { href: link.href }, text),
		link.available ? '' : ' (coming soon)'
	);
}

function placeLine(document: Document, places: string[] | undefined): HTMLElement | string {
	if (!places || places.length === 0) return '';
	return el(document, 'p', { class: 'trace-place' }, `On the map: ${places.join(' and ')}`);
}

function panel(
	document: Document,
	index: number,
	stage: StageData,
	body: Child[],
	link: StageLink | undefined,
	places: string[] | undefined
): HTMLElement {
	const titleId = `trace-${stage.stage}-title`;
	const time = stage.stage === 'os' ? '' : el(document, 'span', { class: 'trace-time' }, formatTime(stage.seconds));
	const reason = stage.ok ? '' : el(document, 'p', { class: 'trace-failed' }, el(document, 'strong', {}, 'Could not run: '), stage.reason ?? 'unknown reason');
	return el(
		document,
		'section',
		{ class: 'trace-panel', 'data-stage': stage.stage, 'data-ok': String(stage.ok), 'aria-labelledby': titleId },
		el(
			document,
			'header',
			{ class: 'trace-panel-head' },
			el(document, 'h3', { id: titleId }, el(document, 'span', { class: 'trace-step' }, `${index + 1}`), ' ', TITLES[stage.stage]),
			time
		),
		el(document, 'p', { class: 'trace-tool' }, TOOLS[stage.stage]),
		placeLine(document, places),
		reason,
		...body,
		lessonLine(document, link)
	);
}

/** The six panels, in pipeline order. */
export function render(data: TraceData, { document, links, runStatus, places = {} }: RenderOptions): HTMLElement {
	const byStage = new Map(data.stages.map((s) => [s.stage, s]));
	const root = el(document, 'div', { class: 'trace-panels', 'data-trace': '' });
	const intro = data.syntaxError
		? `${data.syntaxError.type}${data.syntaxError.line ? ` at line ${data.syntaxError.line}` : ''}: ${data.syntaxError.message}. The stages that need a parsed program could not run; each panel says why.`
		: `Your ${data.lines}-line program through the pipeline, stage by stage: the real artifacts from CPython in this page. Focus or point at a panel to find its stage on the map.`;
	root.append(note(document, intro, data.syntaxError ? 'trace-intro trace-intro-error' : 'trace-intro'));
	const list = el(document, 'ol', { class: 'trace-stages' });
	STAGE_NAMES.forEach((name, index) => {
		const stage = byStage.get(name);
		if (!stage) return;
		let body: Child[];
		switch (stage.stage) {
			case 'tokens':
				body = tokensBody(document, stage);
				break;
			case 'ast':
				body = astBody(document, stage);
				break;
			case 'bytecode':
				body = bytecodeBody(document, stage);
				break;
			case 'pyc':
				body = pycBody(document, stage);
				break;
			case 'run':
				body = runBody(document, stage, runStatus);
				break;
			case 'os':
				body = osBody(document, stage, byStage.get('pyc') as PycStage | undefined, byStage.get('run') as RunStage | undefined);
				break;
		}
		list.append(el(document, 'li', {}, panel(document, index, stage, body, links[name], places[name])));
	});
	root.append(list);
	return root;
}

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { describeRun, formatTime, pyRepr, render, type StageLink, type TraceData } from './trace-panels';

const LINKS: Record<string, StageLink> = {
	tokens: { href: '/lessons/tokens-and-ast/', title: 'From text to tree', order: 3, available: true },
	ast: { href: '/lessons/tokens-and-ast/', title: 'From text to tree', order: 3, available: true },
	bytecode: { href: '/lessons/compiler-and-code-objects/', title: 'From tree to bytecode', order: 4, available: true },
	pyc: { href: '/lessons/pycache/', title: 'Bytecode caching', order: 5, available: true },
	run: { href: '/#lesson-evaluation-loop', title: 'The interpreter: the evaluation loop', order: 7, available: false },
	os: { href: '/#lesson-operating-system', title: 'Down to the system', order: 11, available: false },
};

const PYC = '/tmp/trace-x/__pycache__/traced_program.cpython-314.pyc';

/** The shape lifecycle.trace.stages returns (pinned by src/python/trace.test.ts), trimmed to a tiny program. */
const TRACE: TraceData = {
	filename: '<cell 1>',
	lines: 2,
	syntaxError: null,
	stages: [
		{
			stage: 'tokens',
			ok: true,
			seconds: 0.000171,
			count: 3,
			truncated: false,
			tokens: [
				{ type: 'NAME', text: 'f', start: [1, 0], end: [1, 1] },
				{ type: 'NEWLINE', text: '\n', start: [1, 1], end: [1, 2] },
				{ type: 'ENDMARKER', text: '', start: [2, 0], end: [2, 0] },
			],
		},
		{ stage: 'ast', ok: true, seconds: 0.0002, nodes: 4, statements: 1, dump: "Module(\n  body=[\n    Expr(value=Name(id='f'))])", truncated: false },
		{
			stage: 'bytecode',
			ok: true,
			seconds: 0.00019,
			fromRun: true,
			total: 2,
			truncated: false,
			codeObjects: [
				{
					name: '<module>',
					qualname: '<module>',
					kind: 'module',
					firstLine: 1,
					count: 2,
					truncated: false,
					instructions: [
						{ offset: 0, opname: 'RESUME', argrepr: '', line: 0 },
						{ offset: 2, opname: 'LOAD_CONST', argrepr: '<code object greet>', line: 1 },
					],
				},
				{
					name: 'greet',
					qualname: 'greet',
					kind: 'function',
					firstLine: 1,
					count: 3,
					truncated: true,
					instructions: [{ offset: 0, opname: 'RESUME', argrepr: '', line: 1 }],
				},
			],
		},
		{
			stage: 'pyc',
			ok: true,
			seconds: 0.0016,
			module: 'traced_program',
			sourcePath: '/tmp/trace-x/traced_program.py',
			path: PYC,
			size: 766,
			listing: ['traced_program.cpython-314.pyc'],
			head: '2b0e0d0a0000000062ea056baf000000e300000000000000',
			header: { magic: '2b0e0d0a', magicNumber: 3627, magicMatches: true, flags: 0, mtime: 1795549794, sourceSize: 175 },
		},
		{ stage: 'run', ok: true, seconds: 0.0083, instructions: 1234 },
		{
			stage: 'os',
			ok: true,
			seconds: null,
			total: 3,
			byOp: { read: 1, write: 1, rename: 1 },
			bytesWritten: 766,
			bytesRead: 175,
			truncated: false,
			calls: [
				{ op: 'read', path: '/tmp/trace-x/traced_program.py', bytes: 175, ms: 0.042, phase: 'pyc' },
				{ op: 'write', path: `${PYC}.123`, bytes: 766, ms: 0.1, phase: 'pyc' },
				{ op: 'rename', path: `${PYC}.123`, to: PYC, ms: 0.013, phase: 'pyc' },
			],
		},
	],
};

const SYNTAX_ERROR: TraceData = {
	filename: '<cell 1>',
	lines: 1,
	syntaxError: { type: 'SyntaxError', message: 'invalid syntax', line: 1 },
	stages: [
		{ stage: 'tokens', ok: true, seconds: 0.0001, count: 1, truncated: false, tokens: [{ type: 'NAME', text: 'def', start: [1, 0], end: [1, 3] }] },
		{ stage: 'ast', ok: false, seconds: 0.0001, reason: 'the parser stopped: SyntaxError at line 1: invalid syntax' },
		{ stage: 'bytecode', ok: false, seconds: null, reason: 'nothing to compile: the parser stopped, so there is no AST for the compiler' },
		{ stage: 'pyc', ok: false, seconds: 0.001, reason: 'no .pyc written: the import system’s compile step raised SyntaxError at line 1: invalid syntax' },
		{ stage: 'run', ok: false, seconds: null, reason: 'the program did not start: it could not be compiled' },
		{ stage: 'os', ok: true, seconds: null, total: 0, byOp: {}, bytesWritten: 0, bytesRead: 0, calls: [], truncated: false },
	],
};

const PLACES = {
	tokens: ['Compiler layer › Tokens and the AST'],
	run: ['Python Virtual Machine layer › Execution stack', 'Python Virtual Machine layer › Interpreter'],
};

function draw(data: TraceData, runStatus = 'Finished normally.'): HTMLElement {
	return render(data, { document, links: LINKS, runStatus, places: PLACES });
}

function panelOf(root: HTMLElement, stage: string): HTMLElement {
	const panel = root.querySelector<HTMLElement>(`.trace-panel[data-stage="${stage}"]`);
	if (!panel) throw new Error(`no ${stage} panel`);
	return panel;
}

describe('trace panels', () => {
	const root = draw(TRACE);

	it('draws six panels in pipeline order, each with its data-stage, title and time', () => {
		const panels = [...root.querySelectorAll<HTMLElement>('.trace-panel')];
		expect(panels.map((p) => p.dataset['stage'])).toEqual(['tokens', 'ast', 'bytecode', 'pyc', 'run', 'os']);
		expect(panels.map((p) => p.querySelector('h3')?.textContent)).toEqual([
			'1 Tokens',
			'2 Abstract syntax tree',
			'3 Bytecode',
			'4 The .pyc file',
			'5 The run',
			'6 The operating system',
		]);
		expect(panelOf(root, 'tokens').querySelector('.trace-time')?.textContent).toBe('0.17 ms');
		expect(panelOf(root, 'pyc').querySelector('.trace-time')?.textContent).toBe('1.60 ms');
		// Each panel is named by its heading.
		for (const panel of panels) {
			expect(root.querySelector(`#${panel.getAttribute('aria-labelledby') ?? 'missing'}`)?.closest('.trace-panel')).toBe(panel);
		}
	});

	it('links each panel to the lesson that explains it, saying when it is not written yet', () => {
		const link = (stage: string) => panelOf(root, stage).querySelector<HTMLAnchorElement>('.trace-lesson a');
		expect(link('tokens')?.getAttribute('href')).toBe('/lessons/tokens-and-ast/');
		expect(link('bytecode')?.getAttribute('href')).toBe('/lessons/compiler-and-code-objects/');
		expect(link('pyc')?.getAttribute('href')).toBe('/lessons/pycache/');
		expect(link('run')?.getAttribute('href')).toBe('/#lesson-evaluation-loop');
		expect(link('os')?.getAttribute('href')).toBe('/#lesson-operating-system');
		expect(link('pyc')?.textContent).toBe('Lesson 5: Bytecode caching');
		expect(panelOf(root, 'os').querySelector('.trace-lesson')?.textContent).toBe(
			'Explained in Lesson 11: Down to the system (coming soon)'
		);
	});

	it('says where each stage sits on the map', () => {
		expect(panelOf(root, 'tokens').querySelector('.trace-place')?.textContent).toBe('On the map: Compiler layer › Tokens and the AST');
		expect(panelOf(root, 'run').querySelector('.trace-place')?.textContent).toBe(
			'On the map: Python Virtual Machine layer › Execution stack and Python Virtual Machine layer › Interpreter'
		);
		expect(panelOf(root, 'pyc').querySelector('.trace-place')).toBeNull();
	});

	it('shows each artifact: tokens, tree, every code object, the .pyc header, the count, the calls', () => {
		expect([...panelOf(root, 'tokens').querySelectorAll('tbody tr')].map((tr) => tr.textContent)).toEqual([
			"NAME'f'1:0–1:1",
			"NEWLINE'\\n'1:1–1:2",
			"ENDMARKER''2:0–2:0",
		]);
		expect(panelOf(root, 'ast').querySelector('pre')?.textContent).toContain("Expr(value=Name(id='f'))");
		const objects = [...panelOf(root, 'bytecode').querySelectorAll<HTMLElement>('[data-qualname]')];
		expect(objects.map((o) => o.dataset['qualname'])).toEqual(['<module>', 'greet']);
		expect(objects[1]?.textContent).toContain('… 2 more instructions.');
		const pyc = panelOf(root, 'pyc');
		expect(pyc.querySelector('.hex-magic')?.textContent).toBe('2b 0e 0d 0a');
		expect(pyc.querySelector('dl')?.textContent).toContain(`${PYC}, 766 bytes`);
		expect(pyc.querySelector('dl')?.textContent).toContain('1795549794 (2026-11-24 ');
		expect(panelOf(root, 'run').querySelector('[data-instructions]')?.textContent).toBe('1,234');
		const os = panelOf(root, 'os');
		expect(os.querySelector('.trace-fact')?.textContent).toBe(
			'3 file-system calls: read ×1, write ×1, rename ×1; 766 bytes written, 175 read.'
		);
		expect(os.textContent).toContain('temporary name and then renamed');
		const renameRow = [...os.querySelectorAll('tbody tr')].at(-1);
		expect(renameRow?.textContent).toBe(`cachingrename${PYC}.123 → ${PYC}0.013`);
		expect(os.textContent).toContain('while caching the .pyc (1.60 ms) and during your run (8.30 ms)');
	});

	it('puts every scrolling artifact in a focusable, named region (keyboard scrolling)', () => {
		const regions = [...root.querySelectorAll<HTMLElement>('.trace-artifact')];
		expect(regions.length).toBe(5);
		for (const region of regions) {
			expect(region.getAttribute('tabindex')).toBe('0');
			expect(region.getAttribute('role')).toBe('region');
			expect(region.getAttribute('aria-label')).toBeTruthy();
		}
	});

	it('matches the snapshot', () => {
		expect(root.outerHTML).toMatchSnapshot();
	});
});

describe('trace panels after a SyntaxError', () => {
	const root = draw(SYNTAX_ERROR, describeRun({ status: 'error', error: { type: 'SyntaxError', message: 'invalid syntax' } }));

	it('says what went wrong and which stages could not run, and why', () => {
		expect(root.querySelector('.trace-intro')?.textContent).toMatch(/^SyntaxError at line 1: invalid syntax\. The stages/);
		const failed = [...root.querySelectorAll<HTMLElement>('.trace-panel[data-ok="false"]')];
		expect(failed.map((p) => p.dataset['stage'])).toEqual(['ast', 'bytecode', 'pyc', 'run']);
		expect(panelOf(root, 'bytecode').querySelector('.trace-failed')?.textContent).toBe(
			'Could not run: nothing to compile: the parser stopped, so there is no AST for the compiler'
		);
		expect(panelOf(root, 'run').textContent).toContain('Ended with an uncaught SyntaxError: invalid syntax.');
		expect(panelOf(root, 'tokens').querySelector('[data-ok]')).toBeNull();
		expect(panelOf(root, 'os').textContent).toContain('Made while caching the .pyc (1.00 ms); the program itself did not run.');
	});

	it('matches the snapshot', () => {
		expect(root.outerHTML).toMatchSnapshot();
	});
});

describe('formatting', () => {
	it('shows times in milliseconds', () => {
		expect(formatTime(0.000171)).toBe('0.17 ms');
		expect(formatTime(0.0123)).toBe('12.3 ms');
		expect(formatTime(0.4)).toBe('400 ms');
		expect(formatTime(0)).toBe('< 0.01 ms');
		expect(formatTime(null)).toBe('—');
	});
	it('writes token text as Python would repr it', () => {
		expect(pyRepr('\n')).toBe("'\\n'");
		expect(pyRepr('    ')).toBe("'    '");
		expect(pyRepr("it's")).toBe('"it\'s"');
		expect(pyRepr('a\'b"c')).toBe("'a\\'b\"c'");
	});
	it('describes how the run ended', () => {
		expect(describeRun({ status: 'ok' })).toBe('Finished normally.');
		expect(describeRun({ status: 'exit', exitCode: 3 })).toBe('Ended by sys.exit(3).');
		expect(describeRun({ status: 'error', error: { type: 'ZeroDivisionError', message: 'division by zero' } })).toBe(
			'Ended with an uncaught ZeroDivisionError: division by zero.'
		);
	});
});

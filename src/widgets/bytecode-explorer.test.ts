// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
	arrowLanes,
	describeCode,
	describeEntry,
	render,
	renderCode,
	renderExplanation,
	type CodeObject,
	type Instruction,
} from './bytecode-explorer';

function row(offset: number, opname: string, extra: Partial<Instruction> = {}): Instruction {
	return {
		offset,
		opname,
		baseopname: opname,
		opcode: 1,
		arg: null,
		argrepr: '',
		line: 2,
		label: null,
		jumpTarget: null,
		positions: { line: 2, col: 4, endLine: 2, endCol: 9 },
		isCache: false,
		...extra,
	};
}

/** `def scale(x):\n    try:\n        return x * 2\n    except TypeError:\n        ...` trimmed to a few rows. */
const scale: CodeObject = {
	name: 'scale',
	qualname: 'scale',
	kind: 'function',
	firstLine: 1,
	instructions: [
		row(0, 'RESUME_CHECK', { baseopname: 'RESUME', arg: 0, line: 1, positions: null }),
		row(2, 'NOP'),
		row(4, 'LOAD_FAST_BORROW', {
			arg: 0,
			argrepr: 'x',
			line: 3,
			label: 1,
			positions: { line: 3, col: 15, endLine: 3, endCol: 16 },
		}),
		row(6, 'BINARY_OP_MULTIPLY_INT', { baseopname: 'BINARY_OP', arg: 5, argrepr: '*', line: 3 }),
		row(8, 'CACHE', {
			arg: 0,
			argrepr: 'counter: 17',
			line: null,
			isCache: true,
			cache_info: { name: 'counter', size: 1, value: '17' },
		}),
		row(10, 'POP_JUMP_IF_FALSE', { arg: 1, argrepr: 'to L2', line: 3, jumpTarget: 14 }),
		row(12, 'RETURN_VALUE', { line: 3 }),
		row(14, 'PUSH_EXC_INFO', { line: null, label: 2, positions: null }),
	],
	exceptionTable: [
		{
			start: 4,
			end: 12,
			target: 14,
			depth: 0,
			lasti: false,
			startLabel: 1,
			endLabel: 3,
			targetLabel: 2,
		},
	],
	truncated: false,
};

const module: CodeObject = {
	name: '<module>',
	qualname: '<module>',
	kind: 'module',
	firstLine: 1,
	instructions: [
		row(0, 'RESUME', { arg: 0, line: 0, positions: null }),
		row(2, 'RETURN_VALUE', { line: 1 }),
	],
	exceptionTable: [],
	truncated: true,
};

describe('bytecode explorer rendering', () => {
	it('names code objects in captions', () => {
		expect(describeCode(scale)).toBe('function scale, line 1');
		expect(describeCode(module)).toBe('the module');
		expect(
			describeCode({
				...scale,
				kind: 'lambda',
				name: '<lambda>',
				qualname: '<lambda>',
				firstLine: 4,
			})
		).toBe('lambda <lambda>, line 4');
		expect(describeCode({ ...scale, kind: 'class', qualname: 'Point' })).toBe(
			'class body Point, line 1'
		);
		expect(describeEntry(scale.exceptionTable[0]!)).toBe('L1 to L3 → L2, depth 0');
	});

	it('draws one table row per instruction carrying opname, offset and line', () => {
		const section = renderCode(scale, 1, { document });
		expect(section.outerHTML).toMatchSnapshot();
		const table = section.querySelector('table.bx-table')!;
		expect(table.querySelector('caption')?.textContent).toBe('Bytecode of function scale, line 1');
		expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
			'Line',
			'Try',
			'Jump arrows',
			'Label',
			'Offset',
			'Instruction',
			'Arg',
			'Meaning',
		]);
		const rows = [...table.querySelectorAll<HTMLElement>('tbody tr')];
		expect(rows.map((tr) => tr.dataset['opname'])).toEqual(
			scale.instructions.map((instr) => instr.opname)
		);
		expect(rows.map((tr) => tr.dataset['offset'])).toEqual([
			'0',
			'2',
			'4',
			'6',
			'8',
			'10',
			'12',
			'14',
		]);
		expect(rows.map((tr) => tr.dataset['line'])).toEqual(['1', '2', '3', '3', '', '3', '3', '']);
		// Roving tabindex: one tab stop per table.
		expect(rows.map((tr) => tr.getAttribute('tabindex'))).toEqual([
			'0',
			'-1',
			'-1',
			'-1',
			'-1',
			'-1',
			'-1',
			'-1',
		]);
	});

	it('labels jump targets and makes each jump argument a button to its target', () => {
		const section = renderCode(scale, 0, { document });
		const target = section.querySelector<HTMLElement>('tr[data-offset="14"]')!;
		expect(target.querySelector('.bx-label')?.textContent).toBe('L2:');
		const jump = section.querySelector<HTMLButtonElement>(
			'tr[data-opname="POP_JUMP_IF_FALSE"] button.bx-jump'
		)!;
		expect(jump.textContent).toBe('to L2');
		expect(jump.dataset['jumpTo']).toBe('14');
		expect(jump.getAttribute('aria-label')).toBe('Go to jump target L2 at offset 14');
	});

	it('draws each jump as an arrow lane from its row to its target, crossing jumps in separate lanes', () => {
		const rows = [
			row(0, 'FOR_ITER', { jumpTarget: 8 }),
			row(2, 'POP_JUMP_IF_TRUE', { jumpTarget: 6 }),
			row(4, 'CACHE', { isCache: true }),
			row(6, 'JUMP_BACKWARD', { jumpTarget: 0 }),
			row(8, 'END_FOR'),
		];
		const { pieces, lanes } = arrowLanes(rows);
		expect(lanes).toBe(3);
		expect(pieces).toEqual([
			[
				{ lane: 0, part: 'bottom', end: 'source' },
				{ lane: 2, part: 'bottom', end: 'target' },
			],
			[
				{ lane: 0, part: 'through', end: null },
				{ lane: 1, part: 'bottom', end: 'source' },
				{ lane: 2, part: 'through', end: null },
			],
			[
				{ lane: 0, part: 'through', end: null },
				{ lane: 1, part: 'through', end: null },
				{ lane: 2, part: 'through', end: null },
			],
			[
				{ lane: 0, part: 'through', end: null },
				{ lane: 1, part: 'top', end: 'target' },
				{ lane: 2, part: 'top', end: 'source' },
			],
			[{ lane: 0, part: 'top', end: 'target' }],
		]);
		const section = renderCode(scale, 0, { document });
		const cells = [...section.querySelectorAll<HTMLElement>('table.bx-table tbody td.bx-arrows')];
		expect(cells.every((cell) => cell.getAttribute('aria-hidden') === 'true')).toBe(true);
		const target = section.querySelector('tr[data-offset="14"] .bx-arrow');
		expect(target?.className).toBe('bx-arrow bx-arrow-top bx-arrow-target');
		expect(section.querySelector('tr[data-offset="10"] .bx-arrow')?.className).toBe(
			'bx-arrow bx-arrow-bottom bx-arrow-source'
		);
		expect(section.querySelectorAll('tr[data-offset="12"] .bx-arrow-through')).toHaveLength(1);
	});

	it('gives every row an Explain button named after its opcode', () => {
		const section = renderCode(scale, 0, { document });
		const names = [...section.querySelectorAll('button.bx-explain')].map((b) =>
			b.getAttribute('aria-label')
		);
		expect(names).toEqual(scale.instructions.map((instr) => `Explain ${instr.opname}`));
		expect(
			section.querySelector<HTMLElement>('tr[data-offset="6"] button.bx-explain')?.dataset['arg']
		).toBe('5');
	});

	it('marks specialized instructions with their family, in words', () => {
		const section = renderCode(scale, 0, { document });
		const specialized = section.querySelector('tr[data-opname="BINARY_OP_MULTIPLY_INT"]')!;
		expect(specialized.classList.contains('bx-specialized')).toBe(true);
		expect(specialized.querySelector('.bx-family')?.textContent).toBe(' (specialized BINARY_OP)');
		expect(section.querySelector('tr[data-opname="CACHE"] .bx-meaning')?.textContent).toBe(
			'counter: 17'
		);
	});

	it('brackets the rows an exception entry protects and lists the entry under the table', () => {
		const section = renderCode(scale, 0, { document });
		const covered = [...section.querySelectorAll<HTMLElement>('table.bx-table tbody tr')].map(
			(tr) => (tr.querySelector('.bx-exc-on') ? tr.dataset['offset'] : null)
		);
		expect(covered).toEqual([null, null, '4', '6', '8', '10', null, null]);
		expect(section.querySelector('tr[data-offset="4"] .bx-exc-first')).not.toBeNull();
		expect(section.querySelector('tr[data-offset="10"] .bx-exc-last')).not.toBeNull();
		expect(section.querySelector('tr[data-offset="4"] .bx-exc .visually-hidden')?.textContent).toBe(
			'protected by exception table entry 1 (handler L2)'
		);
		const entries = section.querySelector('table.bx-exception-table')!;
		expect(entries.querySelector('caption')?.textContent).toBe(
			'Exception table of function scale, line 1'
		);
		expect([...entries.querySelectorAll('tbody td')].map((td) => td.textContent)).toEqual([
			'1',
			'L1 to L3 (offsets 4–10)',
			'→ L2 (offset 14)',
			'0',
			'no',
		]);
	});

	it('says when the listing was cut', () => {
		const section = renderCode(module, 0, { document });
		expect(section.querySelector('.bx-notice')?.textContent).toMatch(/at most 5,000 instructions/);
		expect(section.querySelector('table.bx-exception-table')).toBeNull();
		expect(section.querySelector('thead th:nth-child(2) .visually-hidden')?.textContent).toBe(
			'Exception table'
		);
	});

	it('renders the whole widget with toggles, explanation panel and a polite status', () => {
		const source = document.createElement('div');
		source.className = 'source-view';
		const root = render([module, scale], {
			document,
			options: { adaptive: true, showCaches: false },
			source,
		});
		expect(root.outerHTML).toMatchSnapshot();
		const toggles = [...root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
		expect(
			toggles.map((input) => [
				input.dataset['option'],
				input.checked,
				input.parentElement?.textContent,
			])
		).toEqual([
			['adaptive', true, ' Specialized (adaptive) view'],
			['caches', false, ' Show inline caches'],
		]);
		expect(root.querySelectorAll('section.bx-code')).toHaveLength(2);
		const picks = [
			...root.querySelectorAll<HTMLButtonElement>('nav[aria-label="Code objects"] button'),
		];
		expect(picks.map((button) => [button.dataset['pick'], button.textContent])).toEqual([
			['0', 'the module'],
			['1', 'function scale, line 1'],
		]);
		expect(root.querySelector('[data-bx-status]')?.getAttribute('aria-live')).toBe('polite');
		expect(root.querySelector('[data-bx-explain]')?.getAttribute('aria-label')).toBe(
			'Opcode explanation'
		);
	});

	it('explains an opcode with its stack effect and family', () => {
		const add = renderExplanation(
			{
				opname: 'BINARY_OP_ADD_INT',
				text: 'A specialized form of BINARY_OP, for int + int.',
				stackEffect: { value: -1, arg: 0, of: 'BINARY_OP' },
				family: 'BINARY_OP',
				members: ['BINARY_OP_ADD_INT', 'BINARY_OP_ADD_FLOAT'],
			},
			{ document }
		);
		expect(add.outerHTML).toMatchSnapshot();
		expect(add.textContent).toContain('Stack effect with argument 0 (as BINARY_OP): −1.');
		expect(add.textContent).toContain(
			'specialized from BINARY_OP, whose forms are BINARY_OP_ADD_INT, BINARY_OP_ADD_FLOAT.'
		);
		const setup = renderExplanation(
			{
				opname: 'SETUP_FINALLY',
				text: 'A pseudo-instruction.',
				stackEffect: { value: 1, arg: 0, of: 'SETUP_FINALLY', jump: 1, noJump: 0 },
			},
			{ document }
		);
		expect(setup.textContent).toContain('+1 (+1 when it jumps, 0 when it does not).');
		const base = renderExplanation(
			{ opname: 'CALL', text: 'Calls.', family: 'CALL', members: ['CALL_LEN'] },
			{ document }
		);
		expect(base.textContent).toContain(
			'Specialized forms the adaptive interpreter can swap in: CALL_LEN.'
		);
	});
});

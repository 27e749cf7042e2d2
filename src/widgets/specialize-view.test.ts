// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { changesOf, presetArgs, render, timingSentence, type Explored, type SpecFunction, type ViewState } from './specialize-view';

function add(opnames: [string, string, string, string]): SpecFunction {
	const base = ['RESUME', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'BINARY_OP', 'RETURN_VALUE'];
	return {
		index: 0,
		qualname: 'add',
		firstLine: 1,
		argcount: 2,
		params: ['a', 'b'],
		alive: true,
		truncated: false,
		instructions: opnames.map((opname, i) => ({
			offset: i * 2 + (i >= 3 ? 10 : 0),
			opname,
			baseopname: base[i] ?? opname,
			argrepr: i === 1 ? 'a, b' : i === 2 ? '+' : '',
			line: i === 0 ? 1 : 2,
			counter: i === 2 ? (opname === 'BINARY_OP' ? { value: 1, backoff: 1 } : { value: 52, backoff: 0 }) : null,
		})),
	};
}

const cold: Explored = {
	recorded: true,
	jit: { available: false, enabled: false },
	functions: [add(['RESUME', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'BINARY_OP', 'RETURN_VALUE'])],
};
const warm: Explored = {
	...cold,
	functions: [add(['RESUME_CHECK', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'BINARY_OP_ADD_INT', 'RETURN_VALUE'])],
};

function state(overrides: Partial<ViewState> = {}): ViewState {
	return { explored: cold, previous: null, selected: 0, args: '(1, 2)', times: 10, timings: null, idPrefix: 'spec-t', ...overrides };
}

describe('specialize view', () => {
	it('draws the cold listing with data-opname rows, the controls and the no-JIT note', () => {
		const root = render(state(), { document });
		expect([...root.querySelectorAll('tr[data-opname]')].map((row) => row.getAttribute('data-opname'))).toEqual([
			'RESUME',
			'LOAD_FAST_BORROW_LOAD_FAST_BORROW',
			'BINARY_OP',
			'RETURN_VALUE',
		]);
		expect(root.querySelector('[data-changed]')).toBeNull();
		expect(root.textContent).toContain('sys._jit.is_available() is False');
		expect(root.querySelector('label[for="spec-t-args"]')?.textContent).toBe('Arguments');
		expect(root.querySelector<HTMLInputElement>('#spec-t-args')?.getAttribute('value')).toBe('(1, 2)');
		expect(root.querySelector('#spec-t-times option[selected]')?.textContent).toBe('10 times');
		expect(root.querySelector('.spec-counter')?.textContent).toBe('');
		expect(root.querySelectorAll('.spec-counter')[2]?.textContent).toBe('1 (backoff 1)');
		expect(root.outerHTML).toMatchSnapshot();
	});

	it('marks what a warm-up changed, in words as well as attributes', () => {
		const root = render(state({ explored: warm, previous: cold }), { document });
		const changed = [...root.querySelectorAll<HTMLElement>('tr[data-changed]')];
		expect(changed.map((row) => [row.dataset['changed'], row.dataset['opname'], row.querySelector('.spec-was')?.textContent])).toEqual([
			['RESUME', 'RESUME_CHECK', 'was RESUME'],
			['BINARY_OP', 'BINARY_OP_ADD_INT', 'was BINARY_OP'],
		]);
		expect(root.querySelector('.spec-summary')?.textContent).toBe(
			'2 instructions changed: RESUME → RESUME_CHECK, BINARY_OP → BINARY_OP_ADD_INT.'
		);
		expect(root.outerHTML).toMatchSnapshot();
	});

	it('names specialized forms when nothing changed', () => {
		const root = render(state({ explored: warm, previous: warm }), { document });
		expect(root.querySelector('[data-changed]')).toBeNull();
		expect(root.querySelector('tr[data-opname="BINARY_OP_ADD_INT"] .spec-family')?.textContent).toBe('form of BINARY_OP');
		expect(root.querySelector('.spec-summary')?.textContent).toBe('2 of 4 instructions in a specialized form.');
	});

	it('shows cold vs warm timings as bars with the ratio in words', () => {
		const root = render(
			state({ timings: { cold: { seconds: 2e-7, calls: 1000 }, warm: { seconds: 1e-7, calls: 1000 }, ratio: 2 } }),
			{ document }
		);
		const bars = [...root.querySelectorAll<HTMLElement>('.spec-bar')];
		expect(bars.map((bar) => bar.querySelector('.spec-bar-time')?.textContent)).toEqual([
			'0.20 µs per call (1000 calls)',
			'0.10 µs per call (1000 calls)',
		]);
		expect(bars[1]?.querySelector<HTMLElement>('.spec-fill')?.style.width).toBe('50%');
		expect(root.querySelector('.spec-ratio')?.textContent).toBe('Cold calls took ×2.0 as long as warm ones.');
		expect(root.querySelector('.spec-timings')?.outerHTML).toMatchSnapshot();
	});

	it('lists a function with no live object without offering to warm it up', () => {
		const gone = { ...cold, functions: [{ ...add(['RESUME', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'BINARY_OP', 'RETURN_VALUE']), alive: false }] };
		const root = render(state({ explored: gone }), { document });
		expect(root.querySelector('form')).toBeNull();
		expect(root.querySelector('.spec-function-title')?.textContent).toContain('no function object of it is alive');
	});

	it('says when the cell defines no function', () => {
		const root = render(state({ explored: { ...cold, functions: [] } }), { document });
		expect(root.querySelector('[data-spec-empty]')?.textContent).toContain('The cell defines no functions');
	});
});

describe('helpers', () => {
	it('changesOf matches instructions by offset', () => {
		expect(changesOf(cold.functions[0], warm.functions[0] as SpecFunction)).toEqual([
			{ offset: 0, from: 'RESUME', to: 'RESUME_CHECK' },
			{ offset: 4, from: 'BINARY_OP', to: 'BINARY_OP_ADD_INT' },
		]);
		expect(changesOf(undefined, cold.functions[0] as SpecFunction)).toEqual([]);
	});
	it('presetArgs writes tuples Python reads back', () => {
		expect(presetArgs('ints', 2)).toBe('(1, 2)');
		expect(presetArgs('floats', 1)).toBe('(1.5,)');
		expect(presetArgs('strings', 3)).toBe("('a', 'b', 'c')");
		expect(presetArgs('ints', 0)).toBe('()');
	});
	it('timingSentence calls small differences noise', () => {
		expect(timingSentence({ cold: { seconds: 1, calls: 1 }, warm: { seconds: 1, calls: 1 }, ratio: 1.05 })).toBe(
			'×1.05: the same speed, within the noise of the measurement.'
		);
		expect(timingSentence({ cold: { seconds: null, calls: 0 }, warm: { seconds: null, calls: 0 }, ratio: null })).toBe('Too fast to compare.');
	});
});

import { describe, expect, it } from 'vitest';
import {
	countMessage,
	gradeOpnames,
	opnamesMessage,
	parseCount,
	parseLine,
	parseOptions,
	predictBytecodePropsProblem,
	type RealInstructions,
} from './predict-bytecode';

const real: RealInstructions = {
	qualname: 'f',
	line: 2,
	opnames: ['LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'BINARY_OP', 'RETURN_VALUE'],
	count: 3,
	listing: '…',
};
const options = ['BINARY_OP', 'BINARY_OP_ADD_INT', 'LOAD_FAST_BORROW'];

describe('gradeOpnames', () => {
	it('is right when the ticked names are exactly the offered ones that appear', () => {
		const grade = gradeOpnames(['BINARY_OP'], options, real.opnames);
		expect(grade.correct).toBe(true);
		expect(grade.expected).toEqual(['BINARY_OP']);
		expect(grade.verdicts).toEqual([
			{ name: 'BINARY_OP', appears: true, ticked: true },
			{ name: 'BINARY_OP_ADD_INT', appears: false, ticked: false },
			{ name: 'LOAD_FAST_BORROW', appears: false, ticked: false },
		]);
	});
	it('is wrong with a missing or an extra name', () => {
		expect(gradeOpnames([], options, real.opnames).correct).toBe(false);
		expect(gradeOpnames(['BINARY_OP', 'LOAD_FAST_BORROW'], options, real.opnames).correct).toBe(false);
	});
	it('accepts ticking nothing when none of the offered names appear', () => {
		expect(gradeOpnames([], ['BINARY_OP_ADD_INT'], real.opnames).correct).toBe(true);
	});
	it('does not count a name that was never offered', () => {
		expect(gradeOpnames(['BINARY_OP', 'RETURN_VALUE'], options, real.opnames).correct).toBe(false);
	});
	it('explains in words', () => {
		expect(opnamesMessage(gradeOpnames(['BINARY_OP'], options, real.opnames), real)).toBe(
			'Correct: exactly those instructions appear in line 2 of f.'
		);
		expect(opnamesMessage(gradeOpnames([], options, real.opnames), real)).toBe(
			'Not quite: of the names offered, line 2 of f has BINARY_OP. The real listing is below.'
		);
		expect(
			opnamesMessage(gradeOpnames(['X'], ['X'], []), { ...real, qualname: '<module>', line: null, opnames: [] })
		).toBe('Not quite: of the names offered, the module has none of them. The real listing is below.');
	});
});

describe('count', () => {
	it('reads whole numbers only', () => {
		expect(parseCount(' 4 ')).toBe(4);
		expect(parseCount('')).toBeNull();
		expect(parseCount('4.5')).toBeNull();
		expect(parseCount('-1')).toBeNull();
	});
	it('grades against the real count', () => {
		expect(countMessage(3, real)).toBe('Correct: line 2 of f has 3 instructions.');
		expect(countMessage(4, real)).toBe('Not quite: line 2 of f has 3 instructions, not 4. The real listing is below.');
	});
});

describe('props', () => {
	const good = { id: 'add', question: 'Q?', explain: 'E', ask: 'opnames', options: 'BINARY_OP, LOAD_FAST_BORROW', in: 'f', line: 2 };
	it('accepts good props', () => {
		expect(predictBytecodePropsProblem(good)).toBeNull();
		expect(predictBytecodePropsProblem({ id: 'n', question: 'Q?', explain: 'E', ask: 'count' })).toBeNull();
		expect(predictBytecodePropsProblem({ ...good, line: '2' })).toBeNull();
	});
	it.each([
		[{ ...good, opts: 'X' }, 'unknown prop "opts"'],
		[{ ...good, question: undefined }, 'needs a question="…" prop'],
		[{ ...good, explain: undefined }, 'needs an explain="…" prop'],
		[{ ...good, ask: 'names' }, 'needs ask="opnames" or ask="count". Received "names"'],
		[{ ...good, ask: undefined }, 'needs ask="opnames" or ask="count"'],
		[{ ...good, options: undefined }, 'with ask="opnames" needs options='],
		[{ ...good, options: 'binary_op' }, 'Not one: binary_op'],
		[{ ...good, ask: 'count' }, 'with ask="count" takes no options'],
		[{ ...good, in: '' }, 'prop "in" must be'],
		[{ ...good, line: 0 }, 'prop "line" must be a line number'],
		[{ ...good, line: 'two' }, 'prop "line" must be a line number'],
	])('explains %j', (props, message) => {
		expect(predictBytecodePropsProblem(props)).toContain(message);
	});
	it('parses options and lines', () => {
		expect(parseOptions(' BINARY_OP,LOAD_FAST  BINARY_OP ,, RESUME')).toEqual(['BINARY_OP', 'LOAD_FAST', 'RESUME']);
		expect(parseLine(undefined)).toBeNull();
		expect(parseLine(3)).toBe(3);
		expect(parseLine(' 3 ')).toBe(3);
		expect(parseLine(1.5)).toBeUndefined();
	});
});

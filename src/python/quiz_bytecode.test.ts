import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodePython, type NodePython } from '../../tests/node-python';

interface Instructions {
	qualname: string;
	line: number | null;
	opnames: string[];
	count: number;
	listing: string;
}

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

const ADD = 'def f(a, b):\n    return a + b\n';

function instructions(source: string, inQualname: string | null, line: number | null): Instructions {
	return python.call<Instructions>('lifecycle.quiz_bytecode', 'instructions', [source, inQualname, line]);
}

describe('lifecycle.quiz_bytecode.instructions', () => {
	it('lists the instructions CPython 3.14 compiles for one line of a function', () => {
		const result = instructions(ADD, 'f', 2);
		expect(result.opnames).toEqual(['LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'BINARY_OP', 'RETURN_VALUE']);
		expect(result.count).toBe(3);
		expect(result.qualname).toBe('f');
		expect(result.line).toBe(2);
		expect(result.listing.split('\n')).toEqual([
			'line offset  instruction',
			'   2     2  LOAD_FAST_BORROW_LOAD_FAST_BORROW 1 (a, b)',
			'   2     4  BINARY_OP 0 (+)',
			'   2    16  RETURN_VALUE',
		]);
	});

	it('counts the whole code object without a line, CACHE entries excluded', () => {
		const result = instructions(ADD, 'f', null);
		expect(result.opnames).toEqual(['RESUME', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'BINARY_OP', 'RETURN_VALUE']);
		expect(result.opnames).not.toContain('CACHE');
		// BINARY_OP has 5 cache entries (offsets 6-15 are hidden): counting them would give far more than 4.
		expect(result.count).toBe(4);
	});

	it('defaults to the module code object', () => {
		const result = instructions(ADD, null, null);
		expect(result.qualname).toBe('<module>');
		expect(result.opnames).toEqual(['RESUME', 'LOAD_CONST', 'MAKE_FUNCTION', 'STORE_NAME', 'LOAD_CONST', 'RETURN_VALUE']);
		expect(instructions(ADD, '<module>', 1).opnames).toEqual(instructions(ADD, '', 1).opnames);
	});

	it('finds nested code objects by their co_qualname', () => {
		const source = 'class C:\n    def m(self):\n        def inner():\n            return 1\n        return inner\n';
		expect(instructions(source, 'C.m.<locals>.inner', 4).opnames).toEqual(['LOAD_SMALL_INT', 'RETURN_VALUE']);
		expect(instructions(source, 'C', null).opnames).toContain('STORE_NAME');
	});

	it('explains a missing code object or an empty line', () => {
		expect(() => instructions(ADD, 'g', null)).toThrow("no code object named 'g' in the snippet; it has: <module>, f");
		expect(() => instructions(ADD, 'f', 7)).toThrow('line 7 has no instructions in f');
	});
});

describe('lifecycle.quiz_bytecode.problems', () => {
	function problems(source: string, inQualname: string | null, line: number | null, options: string[]): string[] {
		return python.call<string[]>('lifecycle.quiz_bytecode', 'problems', [source, inQualname, line, options]);
	}

	it('accepts a sound question, with specialized names as distractors', () => {
		expect(problems(ADD, 'f', 2, ['BINARY_OP', 'BINARY_OP_ADD_INT', 'LOAD_FAST_BORROW'])).toEqual([]);
	});

	it('names a typo in an option, a removed opcode and CACHE', () => {
		expect(problems(ADD, 'f', 2, ['BINARY_OPP', 'BINARY_ADD', 'CACHE'])).toEqual([
			"'BINARY_OPP' is not an instruction name of CPython 3.14 (dis.opmap or its specialized forms)",
			"'BINARY_ADD' is not an instruction name of CPython 3.14 (dis.opmap or its specialized forms)",
			"'CACHE' is not an instruction name of CPython 3.14 (dis.opmap or its specialized forms)",
		]);
	});

	it('reports a snippet that does not compile and a target that does not exist', () => {
		expect(problems('def f(:\n', null, null, [])[0]).toMatch(/^the snippet does not compile: /);
		expect(problems(ADD, 'f', 9, [])).toEqual(['line 9 has no instructions in f']);
	});
});

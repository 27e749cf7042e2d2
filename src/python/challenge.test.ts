import { beforeAll, describe, expect, it } from 'vitest';
import { gradingProgram } from '../lib/challenge';
import { loadNodePython, type NodePython } from '../../tests/node-python';

let python: NodePython;

beforeAll(async () => {
	python = await loadNodePython();
});

const CHECK = 'import dis\nops = {i.opname for i in dis.get_instructions(f)}\nassert "BINARY_OP" not in ops, "f still computes 6 * 7 with BINARY_OP"\nassert f() == 42, "f() must return 42"';

function grade(code: string, check = CHECK): unknown {
	return python.call('lifecycle.challenge', 'grade', [code, check]);
}

describe('lifecycle.challenge.grade', () => {
	it('passes code that meets the check', () => {
		expect(grade('def f():\n    return 42')).toEqual({ passed: true });
	});
	it('reports the check’s AssertionError message', () => {
		expect(grade('def f(a=6):\n    return a * 7')).toMatchObject({
			passed: false,
			where: 'check',
			type: 'AssertionError',
			message: 'f still computes 6 * 7 with BINARY_OP',
		});
	});
	it('tells an error in the learner’s code from one in the check, with a traceback from their own frame', () => {
		const result = grade('def f():\n    return 42\nundefined_name') as { where: string; type: string; traceback: string };
		expect(result.where).toBe('code');
		expect(result.type).toBe('NameError');
		expect(result.traceback).toContain('File "<your code>", line 3, in <module>');
		expect(result.traceback).not.toContain('challenge.py');
		expect(grade('x = 1', 'assert x.missing')).toMatchObject({ where: 'check', type: 'AttributeError' });
	});
	it('reports a syntax error in the learner’s code', () => {
		expect(grade('def f(:\n    pass')).toMatchObject({ passed: false, where: 'code', type: 'SyntaxError' });
	});
	it('runs each grade in a fresh namespace', () => {
		grade('leak = 1', 'pass');
		expect(grade('', 'assert "leak" not in globals(), "leaked"')).toEqual({ passed: true });
	});
	it('keeps the result for the page, through the program the page runs', async () => {
		const result = await python.runCell(gradingProgram('def f():\n    return 42', CHECK), { filename: '<challenge t>' });
		expect(result.status).toBe('ok');
		expect(python.call('lifecycle.challenge', 'last_result')).toEqual({ passed: true });
	});
	it('lets KeyboardInterrupt (Stop, time budget) end the run, leaving no result', async () => {
		const result = await python.runCell(gradingProgram('raise KeyboardInterrupt', 'pass'));
		expect(result.status).toBe('interrupted');
		expect(python.call('lifecycle.challenge', 'last_result')).toBeNull();
	});
	it('check_compiles names a syntax error in a check', () => {
		expect(python.call('lifecycle.challenge', 'check_compiles', ['assert True'])).toBeNull();
		expect(python.call('lifecycle.challenge', 'check_compiles', ['assert ('])).toMatch(/^SyntaxError/);
	});
});

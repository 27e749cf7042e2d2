import { describe, expect, it } from 'vitest';
import { challengeFeedback, challengePropsProblem, gradingProgram, lastLine, splitChallengeBlocks } from './challenge';

const pre = (text: string) => `<pre class="astro-code" data-language="python"><code><span>${text}</span></code></pre>`;

describe('splitChallengeBlocks', () => {
	it('takes the starter and the check, and drops the solution so it never reaches the page', () => {
		const html = `${pre('starter')}\n${pre('check')}\n${pre('SECRET')}`;
		const blocks = splitChallengeBlocks(html, 'x');
		expect(blocks.starter).toBe(pre('starter'));
		expect(blocks.check).toBe(pre('check'));
		expect(blocks.hasSolution).toBe(true);
		expect(JSON.stringify(blocks)).not.toContain('SECRET');
	});
	it('fails the build with fewer than two or more than three blocks', () => {
		expect(() => splitChallengeBlocks(pre('only'), 'x')).toThrow('<Challenge id="x"> needs two or three fenced blocks');
		expect(() => splitChallengeBlocks(pre('a') + pre('b') + pre('c') + pre('d'), 'x')).toThrow('Found 4.');
	});
});

describe('challengePropsProblem', () => {
	it('needs an id, a question and an explanation', () => {
		expect(challengePropsProblem({ id: 'a-b', question: 'Q', explain: 'E' })).toBeNull();
		expect(challengePropsProblem({ id: 'a-b', question: 'Q' })).toBe('<Challenge id="a-b"> needs a explain="…" prop.');
		expect(challengePropsProblem({ id: 'a-b', question: 'Q', explain: 'E', solution: 'x' })).toMatch(/unknown prop "solution"/);
	});
});

describe('gradingProgram', () => {
	it('passes code and check as Python string literals that survive quotes, backslashes and newlines', () => {
		const program = gradingProgram('print("a\\\\b")\nx = \'é\'', 'assert x');
		expect(program).toBe(
			'from lifecycle.challenge import grade\ngrade("print(\\"a\\\\\\\\b\\")\\nx = \'é\'", "assert x")\n'
		);
	});
});

describe('challengeFeedback', () => {
	it('says Passed on a pass', () => {
		expect(challengeFeedback({ passed: true }, null)).toEqual({
			correct: true,
			message: 'Passed: your code meets the challenge.',
			traceback: null,
		});
	});
	it('gives the check’s assertion message as what is missing', () => {
		const result = { passed: false, where: 'check', type: 'AssertionError', message: 'f still uses BINARY_OP', traceback: 'Traceback…' } as const;
		expect(challengeFeedback(result, null)).toEqual({
			correct: false,
			message: 'Not passed yet: f still uses BINARY_OP',
			traceback: null,
		});
	});
	it('gives the last line of other errors, and the traceback', () => {
		const traceback = 'Traceback (most recent call last):\n  File "<your code>", line 1, in <module>\nNameError: name \'y\' is not defined\n';
		const feedback = challengeFeedback({ passed: false, where: 'code', type: 'NameError', message: "name 'y' is not defined", traceback }, null);
		expect(feedback.message).toBe("Not passed yet: your code raised an error. NameError: name 'y' is not defined");
		expect(feedback.traceback).toBe(traceback);
	});
	it('explains a run that never finished', () => {
		expect(challengeFeedback(null, { kind: 'timeout', seconds: 10 }).message).toBe(
			'Not passed yet. Your code did not finish within 10 seconds, so it was stopped (an endless loop?).'
		);
		expect(challengeFeedback(null, { kind: 'exit' }).correct).toBe(false);
	});
	it('lastLine skips trailing blank lines', () => {
		expect(lastLine('a\nValueError: x\n\n')).toBe('ValueError: x');
	});
});

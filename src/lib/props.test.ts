import { describe, expect, it } from 'vitest';
import { cellPropsProblem } from './cell-props';
import { questionPropsProblem } from './question-props';

describe('cellPropsProblem', () => {
	it('accepts good props', () => {
		expect(cellPropsProblem({ label: 'x', shared: true, expect: 'error', timeout: 2 })).toBeNull();
	});
	it.each([
		[{}, 'the prop "label" is required'],
		[{ label: 'x', lable: 'y' }, 'unknown prop "lable"'],
		[{ label: 'x', expect: 'failure' }, 'expect must be "error"'],
		[{ label: 'x', timeout: '5' }, 'timeout must be a positive number'],
		[{ label: 'x', timeout: -1 }, 'timeout must be a positive number'],
	])('explains %j', (props, message) => {
		expect(cellPropsProblem(props)).toContain(message);
	});
	it('accepts a widget that exists and names the ones that do', () => {
		expect(cellPropsProblem({ label: 'x', widget: 'bytecode' }, ['bytecode', 'tokens'])).toBeNull();
		expect(cellPropsProblem({ label: 'x', widget: 'bytcode' }, ['bytecode', 'tokens'])).toBe(
			'unknown widget "bytcode". Expected one of: bytecode, tokens.'
		);
	});
});

describe('questionPropsProblem', () => {
	const known = ['id', 'question', 'multiple'];
	it('accepts good props', () => {
		expect(questionPropsProblem('Choice', { id: 'a-b', question: 'Q?' }, known)).toBeNull();
	});
	it('wants a kebab-case id and a question', () => {
		expect(questionPropsProblem('Choice', { id: 'A B', question: 'Q' }, known)).toContain('kebab-case');
		expect(questionPropsProblem('Choice', { id: 'a' }, known)).toContain('needs a question');
		expect(questionPropsProblem('Predict', { id: 'a' }, ['id', 'explain'])).toContain('needs an explain');
		expect(questionPropsProblem('Choice', { id: 'a', question: 'Q', multi: true }, known)).toContain(
			'unknown prop "multi"'
		);
	});
});

import { describe, expect, it } from 'vitest';
import {
	fillOptionPlaceholders,
	firstDifferentLine,
	gradeChoice,
	gradePrediction,
	inlineMarkdown,
	normalizeOutput,
} from './quiz';

describe('gradeChoice', () => {
	it('needs exactly the correct options', () => {
		expect(gradeChoice(['1'], ['1'])).toBe(true);
		expect(gradeChoice(['0'], ['1'])).toBe(false);
		expect(gradeChoice(['1', '2'], ['2', '1'])).toBe(true);
		expect(gradeChoice(['1'], ['1', '2'])).toBe(false);
		expect(gradeChoice(['1', '2', '3'], ['1', '2'])).toBe(false);
		expect(gradeChoice([], ['1'])).toBe(false);
	});
});

describe('normalizeOutput', () => {
	it('ignores line endings, trailing spaces and blank lines at the ends', () => {
		expect(normalizeOutput('\n\na  \r\nb\t\n\n\n')).toBe('a\nb');
	});
	it('keeps inner spaces, inner blank lines and case', () => {
		expect(normalizeOutput('a  b\n\nC')).toBe('a  b\n\nC');
	});
});

describe('gradePrediction', () => {
	it('accepts a prediction that differs only in trailing whitespace', () => {
		expect(gradePrediction('42\nhello ', '42\nhello\n')).toEqual({ correct: true, expected: '42\nhello' });
	});
	it('rejects a different output and reports the real one', () => {
		expect(gradePrediction("('a',)", "(6,)\n")).toEqual({ correct: false, expected: '(6,)' });
	});
	it('finds the first differing line', () => {
		expect(firstDifferentLine('a\nb\nc', 'a\nB\nc\n')).toBe(2);
		expect(firstDifferentLine('a', 'a\nb')).toBe(2);
		expect(firstDifferentLine('a\n', 'a')).toBeNull();
	});
});

describe('fillOptionPlaceholders', () => {
	it('numbers options in order and sets the name and type', () => {
		const option = '<input type="__QUIZ_TYPE__" name="__QUIZ_NAME__" value="__QUIZ_VALUE__">';
		expect(fillOptionPlaceholders(option + option, 'q-x', 'checkbox')).toBe(
			'<input type="checkbox" name="q-x" value="0"><input type="checkbox" name="q-x" value="1">'
		);
	});
});

describe('inlineMarkdown', () => {
	it('escapes HTML and turns backticks into code', () => {
		expect(inlineMarkdown('Is `a<b` "true" & <i>?')).toBe(
			'Is <code>a&lt;b</code> &quot;true&quot; &amp; &lt;i&gt;?'
		);
	});
});

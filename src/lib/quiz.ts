/**
 * Grading for the quiz kinds. Pure: the browser side (src/scripts/quiz.ts) reads the learner's response from
 * the form and, for "predict the output", gets the real output from the page's Python.
 */

/** A choice question is right when the chosen options are exactly the correct ones. */
export function gradeChoice(selected: readonly string[], correct: readonly string[]): boolean {
	const chosen = new Set(selected);
	return chosen.size === correct.length && correct.every((value) => chosen.has(value));
}

/**
 * Output as compared for "predict the output": line endings unified, trailing spaces of each line and blank
 * lines at either end dropped. Everything else (inner spaces, case, quotes) matters, as it does to Python.
 */
export function normalizeOutput(text: string): string {
	const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.replace(/\s+$/, ''));
	while (lines.length > 0 && lines[0] === '') lines.shift();
	while (lines.length > 0 && lines.at(-1) === '') lines.pop();
	return lines.join('\n');
}

/** Compare the learner's prediction with what Python really printed. */
export function gradePrediction(predicted: string, actual: string): { correct: boolean; expected: string } {
	const expected = normalizeOutput(actual);
	return { correct: normalizeOutput(predicted) === expected, expected };
}

/** Where the first difference between prediction and output is, for feedback: 1-based line, or null. */
export function firstDifferentLine(predicted: string, actual: string): number | null {
	const a = normalizeOutput(predicted).split('\n');
	const b = normalizeOutput(actual).split('\n');
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		if (a[i] !== b[i]) return i + 1;
	}
	return null;
}

/**
 * Options are rendered by <Option> before their question is known, with placeholders; the question fills in
 * its input name, the input type (radio or checkbox) and each option's value (its index), so the HTML is
 * complete and native without JavaScript.
 */
export function fillOptionPlaceholders(html: string, name: string, type: 'radio' | 'checkbox'): string {
	let index = 0;
	return html
		.replaceAll('__QUIZ_NAME__', name)
		.replaceAll('__QUIZ_TYPE__', type)
		.replace(/__QUIZ_VALUE__/g, () => String(index++));
}

/** Inline `code` in a plain-text question: escape HTML, then turn backtick spans into <code>. */
export function inlineMarkdown(text: string): string {
	const escaped = text
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;');
	return escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
}

/**
 * "Predict the output": graded against a real run of the snippet in the page's Python, never against a stored
 * answer, so the key cannot go stale.
 */
import { firstDifferentLine, gradePrediction } from '../../lib/quiz';
import { getPython } from '../../python/client';
import type { QuizKind } from './types';

function field(question: HTMLElement): HTMLTextAreaElement | null {
	return question.querySelector('textarea');
}

/** The snippet's real output (stdout and stderr, as a terminal would show), from a fresh namespace. */
async function realOutput(code: string): Promise<string> {
	let text = '';
	const outcome = await getPython().run(
		{ code, namespace: 'fresh', filename: '<quiz>', timeoutMs: 10_000 },
		{ onOutput: (parts) => (text += parts.map((part) => part.text).join('')) }
	).done;
	if (outcome.status === 'error') text += outcome.error.traceback;
	else if (outcome.status === 'restarted' || outcome.status === 'load-failed') throw new Error(outcome.message);
	return text;
}

export const predict: QuizKind = {
	read(question) {
		const value = field(question)?.value ?? '';
		return value.trim() === '' ? null : [value];
	},
	restore(question, response) {
		const textarea = field(question);
		if (textarea) textarea.value = response[0] ?? '';
	},
	async grade(question, response) {
		const code = (question.querySelector('[data-snippet] pre')?.textContent ?? '').replace(/\n$/, '');
		const actual = await realOutput(code);
		const predicted = response[0] ?? '';
		const { correct, expected } = gradePrediction(predicted, actual);
		const details = document.createElement('div');
		details.className = 'question-actual';
		const caption = document.createElement('p');
		caption.textContent = 'Python printed:';
		const pre = document.createElement('pre');
		pre.textContent = expected === '' ? '(nothing)' : expected;
		details.append(caption, pre);
		const line = firstDifferentLine(predicted, actual);
		return {
			correct,
			message: correct
				? 'Correct: your prediction matches what Python printed.'
				: `Not quite: your prediction differs from Python’s output at line ${line ?? 1}.`,
			details,
		};
	},
	reveal(question) {
		const explain = question.querySelector<HTMLElement>('.question-explain');
		if (explain) explain.hidden = false;
	},
};

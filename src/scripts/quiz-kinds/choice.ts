/** Choice questions: radio buttons or checkboxes; every option explains itself after checking. */
import { gradeChoice } from '../../lib/quiz';
import type { QuizKind } from './types';

function inputs(question: HTMLElement): HTMLInputElement[] {
	return [...question.querySelectorAll<HTMLInputElement>('[data-option] input')];
}

export const choice: QuizKind = {
	read(question) {
		const chosen = inputs(question).filter((input) => input.checked).map((input) => input.value);
		return chosen.length > 0 ? chosen : null;
	},
	restore(question, response) {
		for (const input of inputs(question)) input.checked = response.includes(input.value);
	},
	async grade(question, response) {
		const correct = inputs(question)
			.filter((input) => input.closest('[data-option]')?.hasAttribute('data-correct'))
			.map((input) => input.value);
		const right = gradeChoice(response, correct);
		const many = correct.length > 1;
		return {
			correct: right,
			message: right
				? 'Correct. Each option’s explanation is shown below it.'
				: `Not quite: ${many ? `${correct.length} options are correct` : 'one option is correct'}. Read the explanations below each option, then try again.`,
		};
	},
	reveal(question, response) {
		for (const option of question.querySelectorAll<HTMLElement>('[data-option]')) {
			const input = option.querySelector('input');
			const explain = option.querySelector<HTMLElement>('.option-explain');
			if (!input || !explain) continue;
			const isCorrect = option.hasAttribute('data-correct');
			const chosen = response.includes(input.value);
			option.dataset['verdict'] = isCorrect ? 'correct' : chosen ? 'wrong' : 'neutral';
			explain.hidden = false;
			let tag = explain.querySelector<HTMLElement>('.option-verdict');
			if (!tag) {
				tag = document.createElement('strong');
				tag.className = 'option-verdict';
				explain.prepend(tag, ' ');
			}
			tag.textContent = isCorrect ? 'Right answer.' : 'Not right.';
		}
	},
};

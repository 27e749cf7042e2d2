/**
 * "Predict the bytecode": graded against the instructions the page's own CPython compiles for the snippet
 * (lifecycle.quiz_bytecode), never against a stored key; the real listing is shown after checking.
 */
import {
	countMessage,
	gradeOpnames,
	opnamesMessage,
	parseCount,
	type RealInstructions,
} from '../../lib/predict-bytecode';
import { getPython } from '../../python/client';
import type { QuizKind } from './types';

function checkboxes(question: HTMLElement): HTMLInputElement[] {
	return [...question.querySelectorAll<HTMLInputElement>('[data-option] input[type="checkbox"]')];
}

function countField(question: HTMLElement): HTMLInputElement | null {
	return question.querySelector<HTMLInputElement>('input.bytecode-count');
}

function isCount(question: HTMLElement): boolean {
	return question.dataset['ask'] === 'count';
}

async function realInstructions(question: HTMLElement): Promise<RealInstructions> {
	const code = (question.querySelector('[data-snippet] pre')?.textContent ?? '').replace(/\n$/, '');
	const line = question.dataset['line'];
	return getPython().call<RealInstructions>('lifecycle.quiz_bytecode', 'instructions', [
		code,
		question.dataset['in'] || null,
		line ? Number(line) : null,
	]);
}

/** "Python compiled this:" and the listing, as text. */
function listing(real: RealInstructions): HTMLElement {
	const details = document.createElement('div');
	details.className = 'question-actual bytecode-listing';
	const caption = document.createElement('p');
	caption.textContent = 'What this page’s Python compiled (dis.get_instructions):';
	const pre = document.createElement('pre');
	pre.tabIndex = 0;
	pre.setAttribute('aria-label', 'The real instruction listing');
	pre.textContent = real.listing;
	details.append(caption, pre);
	return details;
}

/** Mark each offered name: does it appear, in words (not colour alone). */
function markOptions(question: HTMLElement, verdicts: ReturnType<typeof gradeOpnames>['verdicts']): void {
	for (const option of question.querySelectorAll<HTMLElement>('[data-option]')) {
		const name = option.querySelector('input')?.value;
		const verdict = verdicts.find((v) => v.name === name);
		const explain = option.querySelector<HTMLElement>('.option-explain');
		if (!verdict || !explain) continue;
		option.dataset['verdict'] = verdict.appears === verdict.ticked ? 'correct' : 'wrong';
		const tag = document.createElement('strong');
		tag.className = 'option-verdict';
		tag.textContent = verdict.appears === verdict.ticked ? 'Right.' : 'Not right.';
		explain.replaceChildren(tag, verdict.appears ? ' It appears.' : ' It does not appear.');
		explain.hidden = false;
	}
}

function say(question: HTMLElement, message: string): void {
	const region = question.querySelector<HTMLElement>('.question-feedback');
	if (!region) return;
	const p = document.createElement('p');
	p.textContent = message;
	region.replaceChildren(p);
}

export const predictBytecode: QuizKind = {
	read(question) {
		if (isCount(question)) {
			const count = parseCount(countField(question)?.value ?? '');
			return count === null ? null : [String(count)];
		}
		// Ticking nothing is an answer too: it claims none of the offered names appear.
		return checkboxes(question)
			.filter((box) => box.checked)
			.map((box) => box.value);
	},
	restore(question, response) {
		if (isCount(question)) {
			const field = countField(question);
			if (field) field.value = response[0] ?? '';
			return;
		}
		for (const box of checkboxes(question)) box.checked = response.includes(box.value);
	},
	async grade(question, response) {
		say(question, 'Compiling the snippet in Python to check…');
		const real = await realInstructions(question);
		if (isCount(question)) {
			const answer = Number(response[0]);
			return { correct: answer === real.count, message: countMessage(answer, real), details: listing(real) };
		}
		const offered = checkboxes(question).map((box) => box.value);
		const grade = gradeOpnames(response, offered, real.opnames);
		markOptions(question, grade.verdicts);
		return { correct: grade.correct, message: opnamesMessage(grade, real), details: listing(real) };
	},
	reveal(question) {
		const explain = question.querySelector<HTMLElement>('.question-explain');
		if (explain) explain.hidden = false;
	},
};

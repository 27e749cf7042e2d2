/**
 * "Put the steps in order": Move up / Move down buttons on each step (keyboard operable; the moved step keeps
 * focus and its new position is announced), graded by position. A response is the step ids top to bottom
 * (src/lib/order.ts), so a saved arrangement comes back after a reload.
 */
import { gradeOrder, isArrangement, orderMessage, positionAnnouncement } from '../../lib/order';
import type { QuizKind } from './types';

function list(question: HTMLElement): HTMLOListElement | null {
	return question.querySelector<HTMLOListElement>('[data-order-steps]');
}

function steps(question: HTMLElement): HTMLLIElement[] {
	return [...(list(question)?.querySelectorAll<HTMLLIElement>(':scope > li[data-order-step]') ?? [])];
}

function stepLabel(step: HTMLElement): string {
	return (step.querySelector('.order-step-text')?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Buttons at the ends cannot move further: disable them. */
function updateButtons(question: HTMLElement): void {
	const all = steps(question);
	all.forEach((step, position) => {
		const up = step.querySelector<HTMLButtonElement>('button[data-move="up"]');
		const down = step.querySelector<HTMLButtonElement>('button[data-move="down"]');
		if (up) up.disabled = position === 0;
		if (down) down.disabled = position === all.length - 1;
	});
}

/**
 * Verdicts describe the arrangement that was checked: once a step moves, they no longer hold, and neither does
 * the feedback that points at them (emptied silently: the move itself is announced).
 */
function clearVerdicts(question: HTMLElement): void {
	const shown = steps(question).some((step) => step.dataset['verdict'] !== undefined);
	if (shown) question.querySelector('.question-feedback')?.replaceChildren();
	for (const step of steps(question)) {
		delete step.dataset['verdict'];
		const verdict = step.querySelector<HTMLElement>('[data-order-verdict]');
		if (verdict) {
			verdict.hidden = true;
			verdict.textContent = '';
		}
	}
}

function moveStep(question: HTMLElement, step: HTMLLIElement, direction: 'up' | 'down'): void {
	const parent = list(question);
	if (!parent) return;
	// Move the neighbour rather than the step itself, so the focused button never leaves the document.
	if (direction === 'up' && step.previousElementSibling) parent.insertBefore(step.previousElementSibling, step.nextSibling);
	else if (direction === 'down' && step.nextElementSibling) parent.insertBefore(step.nextElementSibling, step);
	else return;
	clearVerdicts(question);
	updateButtons(question);
	const all = steps(question);
	const position = all.indexOf(step);
	// At an end the pressed button is now disabled: keep focus on the step through its other button.
	const same = step.querySelector<HTMLButtonElement>(`button[data-move="${direction}"]`);
	const other = step.querySelector<HTMLButtonElement>(`button[data-move="${direction === 'up' ? 'down' : 'up'}"]`);
	(same && !same.disabled ? same : other)?.focus();
	const announce = question.querySelector<HTMLElement>('[data-order-announce]');
	if (announce) announce.textContent = positionAnnouncement(stepLabel(step), position, all.length);
}

/** Wire the buttons once per question (idempotent: restore may run before or after). */
function wire(question: HTMLElement): void {
	if (question.dataset['orderWired']) return;
	question.dataset['orderWired'] = 'true';
	list(question)?.addEventListener('click', (event) => {
		const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-move]');
		const step = button?.closest<HTMLLIElement>('li[data-order-step]');
		if (!button || !step || button.disabled) return;
		moveStep(question, step, button.dataset['move'] === 'up' ? 'up' : 'down');
	});
	updateButtons(question);
}

/** Wire every Order question on the page as soon as this module loads (before any answer is restored). */
function wireAll(): void {
	for (const question of document.querySelectorAll<HTMLElement>('quiz-question[data-kind="order"]')) wire(question);
}

export const order: QuizKind = {
	read(question) {
		wire(question);
		const ids = steps(question).map((step) => step.dataset['orderStep'] ?? '');
		return ids.length > 0 ? ids : null;
	},
	restore(question, response) {
		wire(question);
		const all = steps(question);
		const parent = list(question);
		if (!parent || !isArrangement(response, all.length)) return;
		const byId = new Map(all.map((step) => [step.dataset['orderStep'] ?? '', step]));
		for (const id of response) {
			const step = byId.get(id);
			if (step) parent.append(step);
		}
		updateButtons(question);
	},
	async grade(_question, response) {
		const grade = gradeOrder(response);
		return { correct: grade.correct, message: orderMessage(grade) };
	},
	reveal(question, response) {
		const grade = gradeOrder(response);
		steps(question).forEach((step, position) => {
			const right = grade.placed[position] === true;
			step.dataset['verdict'] = right ? 'right' : 'wrong';
			const verdict = step.querySelector<HTMLElement>('[data-order-verdict]');
			if (verdict) {
				verdict.textContent = right ? 'In the right place.' : 'Not in the right place.';
				verdict.hidden = false;
			}
		});
		// The explanation would give the order away: it comes with the right answer.
		const explain = question.querySelector<HTMLElement>('.question-explain');
		if (explain) explain.hidden = !grade.correct;
	},
};

if (typeof document !== 'undefined') wireAll();

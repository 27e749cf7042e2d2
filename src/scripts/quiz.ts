/**
 * <quiz-question>: checks an answer with its kind (src/scripts/quiz-kinds), announces the feedback, and saves
 * the answer in the learner's progress. The lesson is complete when all its questions are answered correctly.
 *
 * Contract: data-question (id), data-kind, data-result = unanswered | correct | incorrect; a "Check answer" button.
 */
import { lessonStatus, recordAnswer } from '../lib/progress';
import { onProgress, readProgress, updateProgress } from './progress-store';
import { quizKinds } from './quiz-kinds';

function lessonSlug(element: Element): string {
	return element.closest<HTMLElement>('[data-lesson]')?.dataset['lesson'] ?? location.pathname;
}

function pageQuestionIds(): string[] {
	return [...document.querySelectorAll<HTMLElement>('quiz-question[data-question]')].map(
		(q) => q.dataset['question'] ?? ''
	);
}

class QuizQuestion extends HTMLElement {
	#busy = false;

	connectedCallback(): void {
		const kind = quizKinds[this.dataset['kind'] ?? ''];
		const button = this.querySelector<HTMLButtonElement>('button[data-check]');
		if (!kind || !button) return;
		button.disabled = false;
		button.addEventListener('click', () => void this.check());
		const saved = readProgress().lessons[lessonSlug(this)]?.answers[this.id_];
		if (saved) {
			kind.restore(this, saved.response);
			this.dataset['result'] = saved.correct ? 'correct' : 'incorrect';
			kind.reveal(this, saved.response);
			this.#feedback(
				saved.correct
					? 'You answered this correctly before.'
					: 'Your last answer was not right. Change it and check again.'
			);
		}
	}

	get id_(): string {
		return this.dataset['question'] ?? '';
	}

	#feedback(message: string, details?: Node): void {
		const region = this.querySelector<HTMLElement>('.question-feedback');
		if (!region) return;
		const p = document.createElement('p');
		p.textContent = message;
		region.replaceChildren(p, ...(details ? [details] : []));
	}

	async check(): Promise<void> {
		const kind = quizKinds[this.dataset['kind'] ?? ''];
		if (!kind || this.#busy) return;
		const response = kind.read(this);
		if (!response) {
			this.#feedback(this.dataset['kind'] === 'choice' ? 'Choose an answer first.' : 'Type your prediction first.');
			return;
		}
		this.#busy = true;
		// aria-disabled, not disabled: a disabled button would drop the keyboard focus it has (#busy blocks a second check).
		const button = this.querySelector<HTMLButtonElement>('button[data-check]');
		button?.setAttribute('aria-disabled', 'true');
		if (this.dataset['kind'] === 'predict') this.#feedback('Running the snippet in Python to check…');
		try {
			const graded = await kind.grade(this, response);
			this.dataset['result'] = graded.correct ? 'correct' : 'incorrect';
			kind.reveal(this, response);
			this.#feedback(graded.message, graded.details);
			const slug = lessonSlug(this);
			updateProgress((progress) =>
				recordAnswer(progress, slug, this.id_, { correct: graded.correct, response }, pageQuestionIds())
			);
		} catch (error) {
			this.#feedback(`The answer could not be checked: ${error instanceof Error ? error.message : String(error)}`);
		} finally {
			this.#busy = false;
			button?.removeAttribute('aria-disabled');
		}
	}
}

if (!customElements.get('quiz-question')) customElements.define('quiz-question', QuizQuestion);

/** The running score under each quiz. */
function showScore(): void {
	const score = document.querySelector<HTMLElement>('[data-quiz-score]');
	if (!score) return;
	const slug = lessonSlug(score);
	const status = lessonStatus(readProgress(), slug, pageQuestionIds());
	score.textContent = status.complete
		? `Lesson complete: all ${status.total} questions answered correctly.`
		: `${status.correct} of ${status.total} questions answered correctly.`;
	score.dataset['complete'] = String(status.complete);
}

showScore();
onProgress(showScore);

/**
 * Code challenges: the starter code becomes an editor (CodeMirror, loaded on first use, as in cells); Check runs
 * the learner's code and then the lesson's check in the page's Python (lifecycle.challenge.grade, as a normal
 * run with a time budget, because learner code can loop forever and a `call` cannot be stopped), and says
 * "Passed" or what the check's AssertionError says is still missing.
 *
 * The learner's code is kept twice: as a draft on every edit (progress.code, like an edited cell, so nothing is
 * lost before Check) and as the checked response (the quiz's saved answer). The draft wins when both exist: it is
 * never older than the last check.
 */
import {
	CHALLENGE_TIMEOUT_SECONDS,
	challengeFeedback,
	gradingProgram,
	type ChallengeResult,
	type UnfinishedRun,
} from '../../lib/challenge';
import { setCode } from '../../lib/progress';
import { getPython } from '../../python/client';
import type { CellEditor } from '../editor';
import { readProgress, updateProgress } from '../progress-store';
import type { QuizKind } from './types';

/** Characters of the learner's printed output shown under the feedback. */
const OUTPUT_SHOWN = 2000;

interface ChallengeState {
	/** The lesson's starter code. */
	original: string;
	/** The code as the learner left it (the editor's, once it exists). */
	code: string;
	editor: CellEditor | null;
	editorLoading: Promise<void> | null;
	saveTimer: ReturnType<typeof setTimeout> | undefined;
}

const states = new WeakMap<HTMLElement, ChallengeState>();

function codeHost(question: HTMLElement): HTMLElement | null {
	return question.querySelector<HTMLElement>('[data-challenge-code]');
}

function draftKey(question: HTMLElement): string {
	return `${location.pathname}#challenge-${question.dataset['question'] ?? ''}`;
}

function label(question: HTMLElement): string {
	return `challenge ${question.dataset['question'] ?? ''}`;
}

function state(question: HTMLElement): ChallengeState {
	let found = states.get(question);
	if (!found) {
		const original = (codeHost(question)?.querySelector('pre')?.textContent ?? '').replace(/\n$/, '');
		found = { original, code: original, editor: null, editorLoading: null, saveTimer: undefined };
		states.set(question, found);
	}
	return found;
}

function currentCode(question: HTMLElement): string {
	const s = state(question);
	return s.editor?.getCode() ?? s.code;
}

/** Show `code` in the box: in the editor once it exists, else as plain text (highlighting returns on edit). */
function showCode(question: HTMLElement, code: string): void {
	const s = state(question);
	s.code = code;
	if (s.editor) {
		if (s.editor.getCode() !== code) s.editor.setCode(code);
		return;
	}
	const pre = codeHost(question)?.querySelector('pre');
	if (pre && (pre.textContent ?? '').replace(/\n$/, '') !== code) pre.textContent = code;
}

function saveDraft(question: HTMLElement, code: string): void {
	const s = state(question);
	s.code = code;
	clearTimeout(s.saveTimer);
	s.saveTimer = setTimeout(() => {
		updateProgress((progress) => setCode(progress, draftKey(question), code === s.original ? null : code));
	}, 250);
}

function edit(question: HTMLElement): Promise<void> {
	const s = state(question);
	s.editorLoading ??= import('../editor').then(({ mountEditor }) => {
		const host = codeHost(question);
		if (!host) return;
		host.replaceChildren();
		s.editor = mountEditor(host, {
			doc: s.code,
			label: label(question),
			onChange: (code) => saveDraft(question, code),
			onRun: () => question.querySelector<HTMLButtonElement>('button[data-check]')?.click(),
		});
	});
	return s.editorLoading.then(() => s.editor?.focus());
}

/** Make the starter editable on click or Enter, restore a draft, and enable Reset (idempotent). */
function wire(question: HTMLElement): void {
	if (question.dataset['challengeWired']) return;
	question.dataset['challengeWired'] = 'true';
	const s = state(question);
	const host = codeHost(question);
	const pre = host?.querySelector('pre');
	if (pre) {
		pre.setAttribute('tabindex', '0');
		pre.setAttribute('aria-label', `Code: ${label(question)}. Press Enter to edit.`);
	}
	host?.addEventListener('click', () => void edit(question));
	host?.addEventListener('keydown', (event) => {
		if (event.key === 'Enter' && !(event.ctrlKey || event.metaKey) && !s.editor) {
			event.preventDefault();
			void edit(question);
		}
	});
	const draft = readProgress().code[draftKey(question)];
	if (draft !== undefined) showCode(question, draft);
	const reset = question.querySelector<HTMLButtonElement>('button[data-challenge-reset]');
	if (reset) {
		reset.disabled = false;
		reset.addEventListener('click', () => {
			showCode(question, s.original);
			clearTimeout(s.saveTimer);
			updateProgress((progress) => setCode(progress, draftKey(question), null));
			say(question, 'Code reset to the starter.');
		});
	}
}

function say(question: HTMLElement, message: string): void {
	const region = question.querySelector<HTMLElement>('.question-feedback');
	if (!region) return;
	const p = document.createElement('p');
	p.textContent = message;
	region.replaceChildren(p);
}

function checkCode(question: HTMLElement): string {
	return (question.querySelector('[data-challenge-check] pre')?.textContent ?? '').replace(/\n$/, '');
}

/** Run code + check with a time budget; the result, or why there is none, and what the code printed. */
async function runCheck(
	question: HTMLElement,
	code: string
): Promise<{ result: ChallengeResult | null; unfinished: UnfinishedRun | null; printed: string }> {
	const python = getPython();
	let printed = '';
	const outcome = await python.run(
		{
			code: gradingProgram(code, checkCode(question)),
			namespace: 'fresh',
			filename: `<challenge ${question.dataset['question'] ?? ''}>`,
			timeoutMs: CHALLENGE_TIMEOUT_SECONDS * 1000,
		},
		{ onOutput: (parts) => (printed += parts.map((part) => part.text).join('')) }
	).done;
	const timedOut = 'stoppedBy' in outcome && outcome.stoppedBy === 'timeout';
	if (outcome.status === 'ok' || outcome.status === 'error') {
		// A grading program that itself failed (it should not) leaves no result: say so rather than guess.
		const result = await python.call<ChallengeResult | null>('lifecycle.challenge', 'last_result', []);
		if (result) return { result, unfinished: null, printed };
		if (outcome.status === 'error') return { result: null, unfinished: { kind: 'restarted', message: outcome.error.message }, printed };
	}
	if (outcome.status === 'restarted') {
		const unfinished: UnfinishedRun =
			outcome.cause === 'timeout' ? { kind: 'timeout', seconds: CHALLENGE_TIMEOUT_SECONDS } : { kind: 'restarted', message: outcome.message };
		return { result: null, unfinished, printed };
	}
	if (outcome.status === 'load-failed') throw new Error(outcome.message);
	if (timedOut) return { result: null, unfinished: { kind: 'timeout', seconds: CHALLENGE_TIMEOUT_SECONDS }, printed };
	if (outcome.status === 'exit') return { result: null, unfinished: { kind: 'exit' }, printed };
	return { result: null, unfinished: { kind: 'stopped' }, printed };
}

function details(traceback: string | null, printed: string): Node | undefined {
	if (traceback === null && printed === '') return undefined;
	const box = document.createElement('div');
	box.className = 'question-actual';
	if (printed !== '') {
		const caption = document.createElement('p');
		caption.textContent = 'Your code printed:';
		const pre = document.createElement('pre');
		pre.tabIndex = 0;
		pre.textContent = printed.length > OUTPUT_SHOWN ? `${printed.slice(0, OUTPUT_SHOWN)}\n… (cut)` : printed;
		box.append(caption, pre);
	}
	if (traceback !== null) {
		const caption = document.createElement('p');
		caption.textContent = 'Traceback:';
		const pre = document.createElement('pre');
		pre.className = 'challenge-traceback';
		pre.tabIndex = 0;
		pre.textContent = traceback;
		box.append(caption, pre);
	}
	return box;
}

export const challenge: QuizKind = {
	read(question) {
		wire(question);
		// Empty code is an answer too: the check says what is missing.
		return [currentCode(question)];
	},
	restore(question, response) {
		wire(question);
		// A draft saved after the last check is newer than the checked response.
		if (readProgress().code[draftKey(question)] !== undefined) return;
		const code = response[0];
		if (code !== undefined) showCode(question, code);
	},
	async grade(question, response) {
		say(question, 'Running your code and the check in Python…');
		const { result, unfinished, printed } = await runCheck(question, response[0] ?? '');
		const feedback = challengeFeedback(result, unfinished);
		const shown = details(feedback.traceback, printed);
		return shown ? { correct: feedback.correct, message: feedback.message, details: shown } : { correct: feedback.correct, message: feedback.message };
	},
	reveal(question) {
		// The explanation may show how it is done: it comes with a pass.
		const explain = question.querySelector<HTMLElement>('.question-explain');
		if (explain) explain.hidden = question.dataset['result'] !== 'correct';
	},
};

/** Wire every challenge as soon as this module loads, answered before or not. */
if (typeof document !== 'undefined') {
	for (const question of document.querySelectorAll<HTMLElement>('quiz-question[data-kind="challenge"]')) wire(question);
}

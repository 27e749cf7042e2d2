/**
 * The learner's progress: quiz answers, completed lessons and edited cell code, kept in the browser.
 *
 * Shape (version 1):
 *   { version: 1,
 *     lessons: { [slug]: { answers: { [questionId]: { correct: boolean, response: string[] } },
 *                          completedAt?: ISO date } },
 *     code: { [cellKey]: string } }
 *
 * Everything read back is validated: storage can hold anything (an older version, another site's data, a hand
 * edit, a truncated write). Data that does not validate is replaced by empty progress, and the caller is told
 * why so it can show a notice. Pure functions only: the browser store lives in src/scripts/progress-store.ts.
 */

export const PROGRESS_VERSION = 1;

export interface Answer {
	correct: boolean;
	/** What the learner gave: the chosen option values, or the typed output as one string. */
	response: string[];
}

export interface LessonProgress {
	answers: Record<string, Answer>;
	completedAt?: string;
}

export interface Progress {
	version: typeof PROGRESS_VERSION;
	lessons: Record<string, LessonProgress>;
	code: Record<string, string>;
}

export type ReadProblem = 'corrupt' | 'outdated';

export function emptyProgress(): Progress {
	return { version: PROGRESS_VERSION, lessons: {}, code: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAnswer(value: unknown): value is Answer {
	return (
		isRecord(value) &&
		typeof value['correct'] === 'boolean' &&
		Array.isArray(value['response']) &&
		value['response'].every((item) => typeof item === 'string')
	);
}

function isLessonProgress(value: unknown): value is LessonProgress {
	if (!isRecord(value) || !isRecord(value['answers'])) return false;
	if (!Object.values(value['answers']).every(isAnswer)) return false;
	const completedAt = value['completedAt'];
	return completedAt === undefined || (typeof completedAt === 'string' && !Number.isNaN(Date.parse(completedAt)));
}

/** Why `value` is not valid progress, or null when it is. */
export function progressProblem(value: unknown): string | null {
	if (!isRecord(value)) return 'it is not a JSON object';
	if (value['version'] !== PROGRESS_VERSION) return `it has version ${JSON.stringify(value['version'])}, not ${PROGRESS_VERSION}`;
	if (!isRecord(value['lessons'])) return '"lessons" is missing or not an object';
	for (const [slug, lesson] of Object.entries(value['lessons'])) {
		if (!isLessonProgress(lesson)) return `the lesson "${slug}" has a malformed entry`;
	}
	if (!isRecord(value['code']) || !Object.values(value['code']).every((c) => typeof c === 'string')) {
		return '"code" is missing or holds something other than text';
	}
	return null;
}

/** Read stored text; never throws. `problem` says why the stored data was discarded. */
export function parseProgress(raw: string | null): { progress: Progress; problem: ReadProblem | null } {
	if (raw === null || raw === '') return { progress: emptyProgress(), problem: null };
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return { progress: emptyProgress(), problem: 'corrupt' };
	}
	const problem = progressProblem(value);
	if (problem === null) return { progress: value as Progress, problem: null };
	const versioned = isRecord(value) && typeof value['version'] === 'number' && value['version'] !== PROGRESS_VERSION;
	return { progress: emptyProgress(), problem: versioned ? 'outdated' : 'corrupt' };
}

/** Record an answer and mark the lesson complete once every one of `questionIds` is answered correctly. */
export function recordAnswer(
	progress: Progress,
	slug: string,
	questionId: string,
	answer: Answer,
	questionIds: readonly string[],
	now: Date = new Date()
): Progress {
	const lesson: LessonProgress = progress.lessons[slug] ?? { answers: {} };
	const answers = { ...lesson.answers, [questionId]: answer };
	const complete = isComplete(answers, questionIds);
	const next: LessonProgress = { answers };
	const completedAt = complete ? (lesson.completedAt ?? now.toISOString()) : undefined;
	if (completedAt) next.completedAt = completedAt;
	return { ...progress, lessons: { ...progress.lessons, [slug]: next } };
}

/** True when every listed question has a correct answer. */
export function isComplete(answers: Record<string, Answer>, questionIds: readonly string[]): boolean {
	return questionIds.length > 0 && questionIds.every((id) => answers[id]?.correct === true);
}

/** How far a lesson is: correct answers out of its questions. */
export function lessonStatus(
	progress: Progress,
	slug: string,
	questionIds: readonly string[]
): { correct: number; total: number; complete: boolean } {
	const answers = progress.lessons[slug]?.answers ?? {};
	const correct = questionIds.filter((id) => answers[id]?.correct === true).length;
	return { correct, total: questionIds.length, complete: Boolean(progress.lessons[slug]?.completedAt) };
}

export function setCode(progress: Progress, cellKey: string, code: string | null): Progress {
	const next = { ...progress.code };
	if (code === null) delete next[cellKey];
	else next[cellKey] = code;
	return { ...progress, code: next };
}

/** The export file's text: the progress plus a line saying what it is. */
export function exportProgress(progress: Progress, now: Date = new Date()): string {
	return JSON.stringify(
		{ kind: 'python-execution-lifecycle-progress', exportedAt: now.toISOString(), progress },
		null,
		2
	);
}

/** Read an exported file; throws an Error whose message a learner can act on. */
export function importProgress(text: string): Progress {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new Error('This file is not JSON, so it cannot be a progress export.');
	}
	if (!isRecord(value) || value['kind'] !== 'python-execution-lifecycle-progress') {
		throw new Error('This JSON file is not a progress export of this course.');
	}
	const problem = progressProblem(value['progress']);
	if (problem !== null) throw new Error(`This progress file cannot be used: ${problem}.`);
	return value['progress'] as Progress;
}

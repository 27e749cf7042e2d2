/**
 * Code challenges (<Challenge>): the pieces that need no browser. The component splits its rendered fenced
 * blocks (starter, check, optional solution: by order, since Shiki's HTML does not keep a fence's meta; the
 * content test checks the metas in the MDX source), the page runs `gradingProgram` in its Python, and
 * `challengeFeedback` turns lifecycle.challenge's result (or a run that never finished) into words.
 */
import { questionPropsProblem } from './question-props';

/** What lifecycle.challenge.grade returns (and last_result gives back). */
export type ChallengeResult =
	| { passed: true }
	| { passed: false; where: 'code' | 'check'; type: string; message: string; traceback: string };

/** How the run that graded ended, when it did not produce a result. */
export type UnfinishedRun =
	| { kind: 'timeout'; seconds: number }
	| { kind: 'stopped' }
	| { kind: 'exit' }
	| { kind: 'restarted'; message: string };

export interface ChallengeFeedback {
	correct: boolean;
	message: string;
	/** A traceback worth showing under the message, or null. */
	traceback: string | null;
}

/** Time budget of one check, in seconds: a learner's endless loop is stopped past it. */
export const CHALLENGE_TIMEOUT_SECONDS = 10;

export function challengePropsProblem(props: object): string | null {
	const problem = questionPropsProblem('Challenge', props, ['id', 'question', 'explain']);
	if (problem) return problem;
	const given = props as Record<string, unknown>;
	for (const name of ['question', 'explain']) {
		if (typeof given[name] !== 'string' || given[name] === '') {
			return `<Challenge id="${String(given['id'])}"> needs a ${name}="…" prop.`;
		}
	}
	return null;
}

/**
 * The rendered <pre> blocks of a Challenge's slot, in order: starter, check and (if given) solution.
 * Throws when there are not two or three, so an authoring mistake fails the build.
 */
export function splitChallengeBlocks(html: string, id: string): { starter: string; check: string; hasSolution: boolean } {
	const blocks = html.match(/<pre\b[\s\S]*?<\/pre>/g) ?? [];
	const [starter, check] = blocks;
	if (starter === undefined || check === undefined || blocks.length > 3) {
		throw new Error(
			`<Challenge id="${id}"> needs two or three fenced blocks, in order: \`\`\`python (the starter), ` +
				`\`\`\`python check, and optionally \`\`\`python solution. Found ${blocks.length}.`
		);
	}
	// The solution is deliberately dropped here: it must never reach the page.
	return { starter, check, hasSolution: blocks.length === 3 };
}

/** A Python string literal for `text` (a JSON string is one: same escapes, \uXXXX included). */
function pythonString(text: string): string {
	return JSON.stringify(text);
}

/** The program the page runs to grade: the learner's code, then the check, in a fresh namespace. */
export function gradingProgram(code: string, check: string): string {
	return `from lifecycle.challenge import grade\ngrade(${pythonString(code)}, ${pythonString(check)})\n`;
}

/** The last non-empty line of a traceback: "ValueError: bad value". */
export function lastLine(traceback: string): string {
	const lines = traceback.split('\n').filter((line) => line.trim() !== '');
	return lines.at(-1)?.trim() ?? '';
}

export function challengeFeedback(result: ChallengeResult | null, unfinished: UnfinishedRun | null): ChallengeFeedback {
	if (result === null) {
		const why =
			unfinished?.kind === 'timeout'
				? `Your code did not finish within ${unfinished.seconds} seconds, so it was stopped (an endless loop?).`
				: unfinished?.kind === 'stopped'
					? 'The check was stopped before it finished.'
					: unfinished?.kind === 'exit'
						? 'Your code called exit(), so the check never ran.'
						: `The check could not finish: ${unfinished?.message ?? 'no result came back'}.`;
		return { correct: false, message: `Not passed yet. ${why}`, traceback: null };
	}
	if (result.passed) return { correct: true, message: 'Passed: your code meets the challenge.', traceback: null };
	if (result.where === 'check' && result.type === 'AssertionError') {
		const says = result.message.trim();
		return {
			correct: false,
			message: says === '' ? 'Not passed yet: the check failed (its assert gave no message).' : `Not passed yet: ${says}`,
			traceback: null,
		};
	}
	const line = lastLine(result.traceback) || `${result.type}: ${result.message}`;
	return {
		correct: false,
		message:
			result.where === 'code'
				? `Not passed yet: your code raised an error. ${line}`
				: `Not passed yet: the check raised an error on your code. ${line}`,
		traceback: result.traceback,
	};
}

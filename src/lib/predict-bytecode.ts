/**
 * "Predict the bytecode" questions. Pure: the page gets the real instructions from its Python
 * (lifecycle.quiz_bytecode.instructions) and grades with these functions, so the answer key is CPython itself.
 */
import { questionPropsProblem } from './question-props';

export type BytecodeAsk = 'opnames' | 'count';

const ASKS: readonly BytecodeAsk[] = ['opnames', 'count'];
const KNOWN_PROPS = ['id', 'question', 'explain', 'ask', 'options', 'in', 'line'];
const OPNAME = /^[A-Z][A-Z0-9_]*$/;

/** What Python answers (lifecycle.quiz_bytecode.instructions). */
export interface RealInstructions {
	qualname: string;
	line: number | null;
	opnames: string[];
	count: number;
	listing: string;
}

/** The options prop: names separated by commas and/or spaces, in the order written, without repeats. */
export function parseOptions(text: string): string[] {
	return [...new Set(text.split(/[\s,]+/).filter((name) => name !== ''))];
}

/** The `line` prop as a number: `line={2}` arrives as a number, `line="2"` as text. */
export function parseLine(value: unknown): number | null | undefined {
	if (value === undefined) return null;
	const line = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
	return typeof line === 'number' && Number.isInteger(line) && line >= 1 ? line : undefined;
}

/** Authoring mistakes in a <PredictBytecode>'s props, or null. Opnames are checked against CPython by the content test. */
export function predictBytecodePropsProblem(props: object): string | null {
	const problem = questionPropsProblem('PredictBytecode', props, KNOWN_PROPS);
	if (problem) return problem;
	const given = props as Record<string, unknown>;
	const where = `<PredictBytecode id="${String(given['id'])}">`;
	if (typeof given['question'] !== 'string' || given['question'].trim() === '') return `${where} needs a question="…" prop.`;
	if (typeof given['explain'] !== 'string' || given['explain'].trim() === '') return `${where} needs an explain="…" prop.`;
	const ask = given['ask'];
	if (typeof ask !== 'string' || !(ASKS as readonly string[]).includes(ask)) {
		return `${where} needs ask="opnames" or ask="count". Received ${JSON.stringify(ask)}.`;
	}
	const options = given['options'];
	if (ask === 'opnames') {
		if (typeof options !== 'string' || parseOptions(options).length === 0) {
			return `${where} with ask="opnames" needs options="NAME, NAME, …": the instruction names to offer.`;
		}
		const bad = parseOptions(options).filter((name) => !OPNAME.test(name));
		if (bad.length > 0) return `${where} options must be instruction names like BINARY_OP. Not one: ${bad.join(', ')}.`;
	} else if (options !== undefined) {
		return `${where} with ask="count" takes no options (the learner types a number).`;
	}
	if (given['in'] !== undefined && (typeof given['in'] !== 'string' || given['in'].trim() === '')) {
		return `${where} prop "in" must be a code object's qualified name, like in="f" or in="C.method".`;
	}
	if (parseLine(given['line']) === undefined) {
		return `${where} prop "line" must be a line number of the snippet, like line={2}. Received ${JSON.stringify(given['line'])}.`;
	}
	return null;
}

export interface OpnamesGrade {
	correct: boolean;
	/** The offered names that really appear: the right answer. */
	expected: string[];
	/** Per offered name, in the order offered. */
	verdicts: { name: string; appears: boolean; ticked: boolean }[];
}

/** Right when the ticked names are exactly the offered names that appear in the real instructions. */
export function gradeOpnames(ticked: readonly string[], options: readonly string[], real: readonly string[]): OpnamesGrade {
	const appearing = new Set(real);
	const chosen = new Set(ticked);
	const verdicts = options.map((name) => ({ name, appears: appearing.has(name), ticked: chosen.has(name) }));
	return {
		correct: verdicts.every((v) => v.appears === v.ticked) && ticked.every((name) => options.includes(name)),
		expected: verdicts.filter((v) => v.appears).map((v) => v.name),
		verdicts,
	};
}

/** The count typed by the learner, or null when it is not a whole number. */
export function parseCount(text: string): number | null {
	const trimmed = text.trim();
	return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/** Where the instructions come from, in words: "line 2 of f", "the module". */
export function targetDescription(real: Pick<RealInstructions, 'qualname' | 'line'>): string {
	const object = real.qualname === '<module>' ? 'the module' : `${real.qualname}`;
	return real.line === null ? object : `line ${real.line} of ${object}`;
}

/** The feedback sentence for ask="opnames". */
export function opnamesMessage(grade: OpnamesGrade, real: RealInstructions): string {
	const where = targetDescription(real);
	if (grade.correct) return `Correct: exactly those instructions appear in ${where}.`;
	const list = grade.expected.length === 0 ? 'none of them' : grade.expected.join(', ');
	return `Not quite: of the names offered, ${where} has ${list}. The real listing is below.`;
}

/** The feedback sentence for ask="count". */
export function countMessage(answer: number, real: RealInstructions): string {
	const where = targetDescription(real);
	const instructions = real.count === 1 ? 'instruction' : 'instructions';
	if (answer === real.count) return `Correct: ${where} has ${real.count} ${instructions}.`;
	return `Not quite: ${where} has ${real.count} ${instructions}, not ${answer}. The real listing is below.`;
}

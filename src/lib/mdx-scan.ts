/**
 * Finds the Python a lesson will run, straight from its MDX source: every <PythonCell> and every <Predict>
 * question, with the props that matter to a test. The content test runs each one, so lessons cannot rot.
 * <PredictBytecode> snippets are found too (compiled, not run, by the content test).
 * Also lists a lesson's quiz question ids, which decide when the lesson is complete.
 */
import { parseOptions } from './predict-bytecode';

/** What the content test needs to check a <PredictBytecode> against CPython. */
export interface ScannedBytecodeQuestion {
	/** The code object's co_qualname; null for the module. */
	in: string | null;
	line: number | null;
	ask: string;
	/** The offered instruction names (ask="opnames"). */
	options: string[];
}

export interface ScannedSnippet {
	/** 'cell' for <PythonCell>, 'predict' for a predict-the-output question, 'predict-bytecode' for <PredictBytecode>. */
	kind: 'cell' | 'predict' | 'predict-bytecode';
	/** The label of a cell or the id of a question. */
	name: string;
	code: string;
	/** The cell is meant to end with an uncaught exception. */
	expectError: boolean;
	/** Line of the opening tag in the file, 1-based. */
	line: number;
	/** Only for kind 'predict-bytecode'. */
	bytecode?: ScannedBytecodeQuestion;
}

/** The quiz question components, whose `id` props are the lesson's questions. */
export const QUESTION_TAGS = ['Choice', 'Predict', 'PredictBytecode', 'Order', 'Challenge'] as const;

/** An opening tag's attributes: quoted values and {expressions} may hold `>`. */
const ATTRIBUTES = String.raw`((?:[^>"'{]|"[^"]*"|'[^']*'|\{[^}]*\})*)`;

/**
 * One prop of an opening tag: `name="…"`, `name='…'`, `name={2}` or `name={"…"}` (as text), "" for a bare
 * `name`. Reads the props left to right, so text inside another prop's value is never taken for a prop.
 */
function attribute(tag: string, name: string): string | undefined {
	const props = /([A-Za-z_][\w:-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*([^}]*?)\s*\}))?/g;
	for (const match of tag.matchAll(props)) {
		if (match[1] !== name) continue;
		const expression = match[4];
		if (expression !== undefined) return /^(["'])(.*)\1$/s.exec(expression)?.[2] ?? expression;
		return match[2] ?? match[3] ?? '';
	}
	return undefined;
}

function bytecodeQuestion(tag: string): ScannedBytecodeQuestion {
	const line = attribute(tag, 'line');
	return {
		in: attribute(tag, 'in') || null,
		line: line === undefined ? null : Number(line),
		ask: attribute(tag, 'ask') ?? '',
		options: parseOptions(attribute(tag, 'options') ?? ''),
	};
}

/** The first ```python fence in `body`, with the fence's own indentation removed from every line. */
export function firstPythonFence(body: string): string | undefined {
	const match = /^([ \t]*)```python[^\n]*\n([\s\S]*?)^\1```[ \t]*$/m.exec(body);
	if (!match) return undefined;
	const indent = match[1] ?? '';
	return (match[2] ?? '')
		.split('\n')
		.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
		.join('\n')
		.replace(/\n$/, '');
}

/** Every ```python fence in `body`, in order: the words after `python` (the meta) and the code. */
export function pythonFences(body: string): { meta: string; code: string }[] {
	const fences: { meta: string; code: string }[] = [];
	const pattern = /^([ \t]*)```python([^\n]*)\n([\s\S]*?)^\1```[ \t]*$/gm;
	for (const match of body.matchAll(pattern)) {
		const indent = match[1] ?? '';
		const code = (match[3] ?? '')
			.split('\n')
			.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
			.join('\n')
			.replace(/\n$/, '');
		fences.push({ meta: (match[2] ?? '').trim(), code });
	}
	return fences;
}

/** A <Challenge>: its starter, check and (optional) solution, as the content test needs them. */
export interface ScannedChallenge {
	id: string;
	starter: string;
	check: string;
	solution: string | null;
	line: number;
}

/**
 * Every <Challenge> of a lesson. The page tells its blocks apart by order (Shiki drops a fence's meta), so the
 * metas are checked here, where they can be: ```python, then ```python check, then optionally ```python solution.
 */
export function scanChallenges(mdx: string): ScannedChallenge[] {
	const challenges: ScannedChallenge[] = [];
	const pattern = new RegExp(`<Challenge\\b${ATTRIBUTES}>([\\s\\S]*?)<\\/Challenge>`, 'g');
	for (const match of mdx.matchAll(pattern)) {
		const [, tag = '', body = ''] = match;
		const line = lineOf(mdx, match.index);
		const id = attribute(tag, 'id') ?? '(unnamed)';
		const fences = pythonFences(body);
		const metas = fences.map((fence) => fence.meta);
		const expected = fences.length === 3 ? ['', 'check', 'solution'] : ['', 'check'];
		if (metas.join('|') !== expected.join('|')) {
			throw new Error(
				`<Challenge id="${id}"> at line ${line} needs \`\`\`python, \`\`\`python check and optionally ` +
					`\`\`\`python solution, in that order. Found: ${metas.map((m) => `\`\`\`python${m ? ' ' + m : ''}`).join(', ') || 'none'}.`
			);
		}
		challenges.push({
			id,
			starter: fences[0]?.code ?? '',
			check: fences[1]?.code ?? '',
			solution: fences[2]?.code ?? null,
			line,
		});
	}
	return challenges;
}

/** Every runnable snippet in an MDX file, in order. */
export function scanSnippets(mdx: string): ScannedSnippet[] {
	const snippets: ScannedSnippet[] = [];
	const pattern = new RegExp(`<(PythonCell|Predict|PredictBytecode)\\b${ATTRIBUTES}>([\\s\\S]*?)<\\/\\1>`, 'g');
	for (const match of mdx.matchAll(pattern)) {
		const [, component, tag = '', body = ''] = match;
		const code = firstPythonFence(body);
		if (code === undefined) {
			throw new Error(`<${component}> at line ${lineOf(mdx, match.index)} has no \`\`\`python block.`);
		}
		const kind = component === 'Predict' ? 'predict' : component === 'PredictBytecode' ? 'predict-bytecode' : 'cell';
		const snippet: ScannedSnippet = {
			kind,
			name: (kind === 'cell' ? attribute(tag, 'label') : attribute(tag, 'id')) ?? '(unnamed)',
			code,
			expectError: attribute(tag, 'expect') === 'error',
			line: lineOf(mdx, match.index),
		};
		if (kind === 'predict-bytecode') snippet.bytecode = bytecodeQuestion(tag);
		snippets.push(snippet);
	}
	return snippets;
}

/** The ids of the lesson's quiz questions, in order. */
export function scanQuestionIds(mdx: string): string[] {
	const pattern = new RegExp(`<(?:${QUESTION_TAGS.join('|')})\\b${ATTRIBUTES}>`, 'g');
	const ids: string[] = [];
	for (const match of mdx.matchAll(pattern)) {
		const id = attribute(match[1] ?? '', 'id');
		if (id) ids.push(id);
	}
	return ids;
}

function lineOf(text: string, index: number): number {
	return text.slice(0, index).split('\n').length;
}

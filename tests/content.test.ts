/**
 * Runs every live cell and every predict-the-output snippet of every lesson in Node Pyodide (the same pinned
 * version and helpers as the browser), so lesson code cannot rot: a cell that raises when it should not, a
 * cell meant to raise that no longer does, or a predict snippet that prints nothing fails the suite.
 * Cells run in fresh namespaces, as on the page, first in order and then in reverse order, because a learner
 * may run them in any order. "Predict the bytecode" snippets are compiled, not run (as on the page): each must
 * compile, name a code object (`in`) and a line that exist, and offer only real CPython 3.14 instruction names.
 * Each code challenge's check must compile, and when the lesson gives a solution, the check must fail on the
 * starter (or there is nothing to do) and pass on the solution (or nobody can pass).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanChallenges, scanSnippets, type ScannedChallenge, type ScannedSnippet } from '../src/lib/mdx-scan';
import { loadNodePython, type NodePython } from './node-python';

/** Lessons, and the course pages that are not lessons (the techniques overview), which have live cells too. */
const CONTENT = join(import.meta.dirname, '..', 'content');
const files = ['lessons', 'pages'].flatMap((folder) =>
	readdirSync(join(CONTENT, folder))
		.filter((name) => name.endsWith('.mdx') && !name.startsWith('_'))
		.map((name) => `${folder}/${name}`)
);

/** First output of each predict snippet: a second run must print the same, or the quiz could not be graded. */
const predicted = new Map<string, string>();

async function check(python: NodePython, snippet: ScannedSnippet): Promise<void> {
	if (snippet.kind === 'predict-bytecode') {
		checkBytecodeQuestion(python, snippet);
		return;
	}
	const result = await python.runCell(snippet.code, { filename: `<${snippet.kind} ${snippet.name}>` });
	const output = python.take();
	const where = `${snippet.kind} "${snippet.name}" (line ${snippet.line})`;
	if (snippet.expectError) {
		expect(result.status, `${where} is marked expect="error" but ran cleanly`).toBe('error');
	} else {
		expect(result.status, `${where} failed:\n${result.error?.traceback ?? ''}`).toBe('ok');
	}
	if (snippet.kind === 'predict') {
		expect(output.trim(), `${where} prints nothing, so there is nothing to predict`).not.toBe('');
		const key = `${snippet.line}:${snippet.code}`;
		const first = predicted.get(key);
		if (first === undefined) predicted.set(key, output);
		else expect(output, `${where} printed something else on its second run`).toBe(first);
	}
}

/** A <PredictBytecode> must be gradable: lifecycle.quiz_bytecode.problems lists what would stop it. */
function checkBytecodeQuestion(python: NodePython, snippet: ScannedSnippet): void {
	const where = `PredictBytecode "${snippet.name}" (line ${snippet.line})`;
	const question = snippet.bytecode;
	expect(question, `${where} was not read`).toBeDefined();
	if (!question) return;
	expect(['opnames', 'count'], `${where} has ask="${question.ask}"`).toContain(question.ask);
	if (question.ask === 'opnames') expect(question.options.length, `${where} offers no options`).toBeGreaterThan(0);
	const problems = python.call<string[]>('lifecycle.quiz_bytecode', 'problems', [
		snippet.code,
		question.in,
		question.line,
		question.options,
	]);
	expect(problems, `${where}: ${problems.join('; ')}`).toEqual([]);
}

interface Graded {
	passed: boolean;
	where?: string;
	traceback?: string;
}

/** A <Challenge> must be passable and not passed already: lifecycle.challenge.grade, as the page runs it. */
function checkChallenge(python: NodePython, challenge: ScannedChallenge): void {
	const where = `Challenge "${challenge.id}" (line ${challenge.line})`;
	const problem = python.call<string | null>('lifecycle.challenge', 'check_compiles', [challenge.check]);
	expect(problem, `${where}: its check does not compile: ${problem}`).toBeNull();
	if (challenge.solution === null) return;
	const starter = python.call<Graded>('lifecycle.challenge', 'grade', [challenge.starter, challenge.check]);
	python.take();
	expect(starter.passed, `${where}: the check already passes on the starter code`).toBe(false);
	const solved = python.call<Graded>('lifecycle.challenge', 'grade', [challenge.solution, challenge.check]);
	python.take();
	expect(solved.passed, `${where}: the check fails on the solution:\n${solved.traceback ?? ''}`).toBe(true);
}

it('finds lessons to check', () => {
	expect(files.length).toBeGreaterThan(0);
});

describe.each(files)('%s', (file) => {
	const snippets = scanSnippets(readFileSync(join(CONTENT, file), 'utf8'));
	let python: NodePython;

	beforeAll(async () => {
		python = await loadNodePython(Array.from({ length: 50 }, () => 'learner'));
	});

	it('has cells to run', () => {
		expect(snippets.some((s) => s.kind === 'cell')).toBe(true);
	});

	it.each(snippets.map((s) => [`${s.kind} "${s.name}"`, s] as const))('runs %s', async (_, snippet) => {
		await check(python, snippet);
	});

	const challenges = scanChallenges(readFileSync(join(CONTENT, file), 'utf8'));
	if (challenges.length > 0) {
		it.each(challenges.map((c) => [c.id, c] as const))('checks challenge "%s"', (_, challenge) => {
			checkChallenge(python, challenge);
		});
	}

	it('runs every snippet again in reverse order', async () => {
		for (const snippet of [...snippets].reverse()) await check(python, snippet);
	});
});

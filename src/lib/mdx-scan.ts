/**
 * Finds the Python a lesson will run, straight from its MDX source: every <PythonCell> and every <Predict>
 * question, with the props that matter to a test. The content test runs each one, so lessons cannot rot.
 * Also lists a lesson's quiz question ids, which decide when the lesson is complete.
 */

export interface ScannedSnippet {
	/** 'cell' for <PythonCell>, 'predict' for a predict-the-output question. */
	kind: 'cell' | 'predict';
	/** The label of a cell or the id of a question. */
	name: string;
	code: string;
	/** The cell is meant to end with an uncaught exception. */
	expectError: boolean;
	/** Line of the opening tag in the file, 1-based. */
	line: number;
}

/** The quiz question components, whose `id` props are the lesson's questions. */
export const QUESTION_TAGS = ['Choice', 'Predict'] as const;

function attribute(tag: string, name: string): string | undefined {
	const match = new RegExp(`\\b${name}=(?:"([^"]*)"|'([^']*)')`).exec(tag);
	return match ? (match[1] ?? match[2]) : undefined;
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

/** Every runnable snippet in an MDX file, in order. */
export function scanSnippets(mdx: string): ScannedSnippet[] {
	const snippets: ScannedSnippet[] = [];
	const pattern = /<(PythonCell|Predict)\b([^>]*)>([\s\S]*?)<\/\1>/g;
	for (const match of mdx.matchAll(pattern)) {
		const [, component, tag = '', body = ''] = match;
		const code = firstPythonFence(body);
		if (code === undefined) {
			throw new Error(`<${component}> at line ${lineOf(mdx, match.index)} has no \`\`\`python block.`);
		}
		const kind = component === 'Predict' ? 'predict' : 'cell';
		snippets.push({
			kind,
			name: (kind === 'cell' ? attribute(tag, 'label') : attribute(tag, 'id')) ?? '(unnamed)',
			code,
			expectError: attribute(tag, 'expect') === 'error',
			line: lineOf(mdx, match.index),
		});
	}
	return snippets;
}

/** The ids of the lesson's quiz questions, in order. */
export function scanQuestionIds(mdx: string): string[] {
	const pattern = new RegExp(`<(?:${QUESTION_TAGS.join('|')})\\b([^>]*)>`, 'g');
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

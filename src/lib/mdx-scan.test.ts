import { describe, expect, it } from 'vitest';
import { firstPythonFence, pythonFences, scanChallenges, scanQuestionIds, scanSnippets } from './mdx-scan';

const lesson = `---
title: T
---
Some text.

<PythonCell label="First cell">

\`\`\`python
def f():
    return 1

print(f())
\`\`\`

</PythonCell>

<MythFact myth="m">
  <PythonCell label='Nested' expect="error">

  \`\`\`python
  raise ValueError
  \`\`\`

  </PythonCell>
</MythFact>

<Quiz>
<Choice id="pick-one" question="Q?">
  <Option correct explain="e">A</Option>
</Choice>
<Predict id="what-prints" explain="e">

\`\`\`python
print(2 * 3)
\`\`\`

</Predict>
<PredictBytecode id="add-ops" question="Which appear when \`a > b\`?" explain="e" ask="opnames" options="BINARY_OP, LOAD_FAST_BORROW,BINARY_OP" in="f" line={2}>

\`\`\`python
def f(a, b):
    return a + b
\`\`\`

</PredictBytecode>
<PredictBytecode id='module-count' question="How many?" explain="e" ask='count'>

\`\`\`python
x = 1
\`\`\`

</PredictBytecode>
<Order id="pipeline" question="Order these -> steps" explain="e">
  <Step>Tokenize</Step>
  <Step>Parse</Step>
</Order>
</Quiz>
`;

describe('scanSnippets', () => {
	it('finds cells and predict snippets with their code, names and flags', () => {
		expect(scanSnippets(lesson)).toEqual([
			{ kind: 'cell', name: 'First cell', code: 'def f():\n    return 1\n\nprint(f())', expectError: false, line: 6 },
			{ kind: 'cell', name: 'Nested', code: 'raise ValueError', expectError: true, line: 18 },
			{ kind: 'predict', name: 'what-prints', code: 'print(2 * 3)', expectError: false, line: 31 },
			{
				kind: 'predict-bytecode',
				name: 'add-ops',
				code: 'def f(a, b):\n    return a + b',
				expectError: false,
				line: 38,
				bytecode: { in: 'f', line: 2, ask: 'opnames', options: ['BINARY_OP', 'LOAD_FAST_BORROW'] },
			},
			{
				kind: 'predict-bytecode',
				name: 'module-count',
				code: 'x = 1',
				expectError: false,
				line: 46,
				bytecode: { in: null, line: null, ask: 'count', options: [] },
			},
		]);
	});
	it('fails loudly on a cell without a python block', () => {
		expect(() => scanSnippets('<PythonCell label="x">\nno code\n</PythonCell>')).toThrow(
			'<PythonCell> at line 1 has no ```python block.'
		);
	});
});

describe('firstPythonFence', () => {
	it('keeps inner indentation and removes the fence’s own', () => {
		expect(firstPythonFence('    ```python\n    if x:\n        y\n    ```\n')).toBe('if x:\n    y');
	});
});

describe('scanQuestionIds', () => {
	it('lists quiz question ids in order', () => {
		expect(scanQuestionIds(lesson)).toEqual(['pick-one', 'what-prints', 'add-ops', 'module-count', 'pipeline']);
	});
	it('reads props whose values hold `>` or look like other props', () => {
		expect(scanQuestionIds('<Choice question="is a > b? id=wrong" id="right">')).toEqual(['right']);
		expect(scanQuestionIds('<Order question=\'x => y\' id={"from-expression"}>')).toEqual(['from-expression']);
	});
});

describe('scanChallenges', () => {
	const challenge = (fences: string) => `<Quiz>\n<Challenge id="no-add" question="Q" explain="E">\n\n${fences}\n</Challenge>\n</Quiz>\n`;
	const starter = '```python\ndef f():\n    return 6 * 7\n```\n\n';
	const check = '```python check\nassert f() == 42, "f must return 42"\n```\n\n';
	const solution = '```python solution\ndef f():\n    return 42\n```\n';

	it('reads starter, check and solution by their metas', () => {
		expect(scanChallenges(challenge(starter + check + solution))).toEqual([
			{
				id: 'no-add',
				starter: 'def f():\n    return 6 * 7',
				check: 'assert f() == 42, "f must return 42"',
				solution: 'def f():\n    return 42',
				line: 2,
			},
		]);
	});
	it('allows a challenge without a solution', () => {
		expect(scanChallenges(challenge(starter + check))[0]?.solution).toBeNull();
	});
	it('fails loudly when the blocks are missing or out of order (the page tells them apart by order)', () => {
		expect(() => scanChallenges(challenge(check + starter))).toThrow(/at line 2 needs ```python, ```python check/);
		expect(() => scanChallenges(challenge(starter))).toThrow(/Found: ```python\./);
	});
	it('counts a challenge as a quiz question', () => {
		expect(scanQuestionIds(challenge(starter + check))).toEqual(['no-add']);
	});
});

describe('pythonFences', () => {
	it('gives each fence its meta and its code, indentation removed', () => {
		expect(pythonFences('  ```python check\n  assert x\n  ```\n```python\ny\n```\n')).toEqual([
			{ meta: 'check', code: 'assert x' },
			{ meta: '', code: 'y' },
		]);
	});
});

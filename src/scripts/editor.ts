/**
 * The code editor, loaded only when the learner starts editing a cell (CodeMirror is ~120 KB gzip, most of the
 * page's script weight: runtime-notes "JS shipped"). A minimal setup: Python mode, history, indentation,
 * bracket matching. Tab indents; Escape then Tab moves focus on, as CodeMirror documents for keyboard users. A line
 * under the code says so (and is the editor's accessible description): a way out of a component that takes Tab
 * must be told to the learner (WCAG 2.1.2, No Keyboard Trap).
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, drawSelection, highlightActiveLine, showPanel, type Panel } from '@codemirror/view';

export interface EditorOptions {
	doc: string;
	label: string;
	onChange: (code: string) => void;
	onRun: () => void;
}

export interface CellEditor {
	getCode(): string;
	setCode(code: string): void;
	focus(): void;
}

const theme = EditorView.theme({
	'&': { backgroundColor: 'var(--code-bg)', color: 'var(--text)', fontSize: 'var(--code-size)' },
	'.cm-content': { fontFamily: 'var(--font-mono)', padding: '0.75rem 0', caretColor: 'var(--text)' },
	'.cm-line': { padding: '0 1rem' },
	// Inside the edge: the cell clips what overflows it (overflow: hidden), which left only a thin line top and bottom.
	'&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '-3px' },
	'.cm-activeLine': { backgroundColor: 'var(--code-active-line)' },
	'.cm-panels': { backgroundColor: 'var(--bg-soft)', color: 'var(--text-soft)' },
	// Kept off the editor's last 3px, where the focus ring is drawn (the panel layer would cover it).
	'.cm-panels-bottom': { borderTop: '1px solid var(--border)', margin: '0 3px 3px' },
	'.cm-keyboard-hint': { margin: '0', padding: '0.2rem 1rem', fontFamily: 'var(--font-sans)', fontSize: '0.8rem' },
	'&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
		backgroundColor: 'var(--code-selection) !important',
	},
	// CodeMirror's default bracket-match colours fail WCAG contrast on our backgrounds: an outline marks the pair
	// instead, and the text keeps its own colour.
	'&.cm-focused .cm-matchingBracket, &.cm-focused .cm-nonmatchingBracket': {
		backgroundColor: 'transparent',
		color: 'inherit',
		outline: '1px solid var(--text-soft)',
	},
	'&.cm-focused .cm-nonmatchingBracket': { outline: '1px dashed var(--bad)' },
});

/** Token colours from CSS custom properties, so the editor follows the light and dark themes like Shiki's code. */
const highlight = HighlightStyle.define([
	{ tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword, tags.operatorKeyword], color: 'var(--tok-keyword)' },
	{ tag: [tags.string, tags.special(tags.string)], color: 'var(--tok-string)' },
	{ tag: [tags.number, tags.bool, tags.null], color: 'var(--tok-number)' },
	{ tag: [tags.comment, tags.lineComment], color: 'var(--tok-comment)', fontStyle: 'italic' },
	{ tag: [tags.function(tags.variableName), tags.function(tags.definition(tags.variableName)), tags.definition(tags.className)], color: 'var(--tok-function)' },
	{ tag: [tags.self, tags.standard(tags.variableName)], color: 'var(--tok-number)' },
]);

let editorCount = 0;

/** The keys a keyboard user needs, in a panel under the code; its id describes the editor's content element. */
function keyboardHint(id: string): () => Panel {
	const run = /Mac|iPhone|iPad/.test(navigator.platform) ? 'Cmd+Enter' : 'Ctrl+Enter';
	return () => {
		const dom = document.createElement('p');
		dom.id = id;
		dom.className = 'cm-keyboard-hint';
		dom.textContent = `Tab indents. To leave the editor: Escape, then Tab. ${run} runs the code.`;
		return { dom, top: false };
	};
}

export function mountEditor(parent: HTMLElement, options: EditorOptions): CellEditor {
	const hintId = `cell-editor-hint-${++editorCount}`;
	const view = new EditorView({
		parent,
		state: EditorState.create({
			doc: options.doc,
			extensions: [
				keymap.of([
					{ key: 'Mod-Enter', run: () => (options.onRun(), true) },
					...defaultKeymap,
					...historyKeymap,
					indentWithTab,
				]),
				history(),
				drawSelection(),
				highlightActiveLine(),
				indentOnInput(),
				bracketMatching(),
				python(),
				syntaxHighlighting(highlight),
				theme,
				EditorState.tabSize.of(4),
				// An explicit tabindex: axe counts only tabindex/native controls as focusable, and without it reports the
				// editor's scroller (which scrolls sideways on phones) as a scrollable region nobody can focus.
				EditorView.contentAttributes.of({
					'aria-label': `Code: ${options.label}`,
					'aria-describedby': hintId,
					tabindex: '0',
				}),
				showPanel.of(keyboardHint(hintId)),
				EditorView.updateListener.of((update) => {
					if (update.docChanged) options.onChange(update.state.doc.toString());
				}),
			],
		}),
	});
	return {
		getCode: () => view.state.doc.toString(),
		setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
		focus: () => view.focus(),
	};
}

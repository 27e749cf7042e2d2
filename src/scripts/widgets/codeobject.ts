/**
 * `codeobject` widget: every field of every code object the cell ran. Walking co_lines() or co_positions() with
 * the arrow keys (or clicking an entry) highlights the source that entry maps to.
 */
import '../../styles/widgets.css';
import '../../styles/widget-compiler.css';
import { entrySpan, render, wireEntryLists, type CodeObjectsData } from '../../widgets/code-object-view';
import { highlightSpans } from '../../widgets/source-view';
import type { Widget } from './types';

let panels = 0;

const widget: Widget = {
	async update({ code, filename, python, panel }) {
		const data = await python.call<CodeObjectsData>('lifecycle.compiler', 'code_objects', [code, filename]);
		panels += 1;
		const view = render(data, { document, idPrefix: `codeobject-${panels}` });
		panel.replaceChildren(view);
		const source = view.querySelector<HTMLElement>('.source-view');
		if (!source) return;
		wireEntryLists(view, (item) => {
			const span = entrySpan(item);
			highlightSpans(source, data.source, 'widget-focus', span ? [span] : []);
		});
		view.addEventListener('focusout', (event) => {
			const next = (event as FocusEvent).relatedTarget;
			if (!(next instanceof Element && next.closest('[role="listbox"]'))) highlightSpans(source, data.source, 'widget-focus', []);
		});
	},
};

export default widget;

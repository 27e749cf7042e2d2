/**
 * The scope tables (`widget="scopes"`): after a run, every symbol table of the code that ran, drawn by
 * src/widgets/scope-table.ts. When symtable refuses the code, the error is drawn with its place marked in the source.
 */
import '../../styles/widgets.css';
import '../../styles/widget-syntax.css';
import { render, type ScopesData } from '../../widgets/scope-table';
import { highlightSpans } from '../../widgets/source-view';
import type { Widget } from './types';

const widget: Widget = {
	async update(context) {
		const data = await context.python.call<ScopesData>('lifecycle.syntax', 'scopes', [context.code]);
		const root = render(data, { document: context.panel.ownerDocument, source: context.code });
		context.panel.replaceChildren(root);
		const sourceView = root.querySelector<HTMLElement>('.source-view');
		if (sourceView && data.error?.span) highlightSpans(sourceView, context.code, 'widget-related', [data.error.span]);
	},
};

export default widget;

/**
 * `folding` widget: the cell's code compiled at optimize=0, 1 and 2 side by side, and what compile() folded into
 * constants. Focusing (or hovering) a row of the folding table highlights that expression in the source view.
 */
import '../../styles/widgets.css';
import '../../styles/widget-compiler.css';
import { render, rowSpan, type FoldingData } from '../../widgets/folding-view';
import { highlightSpans } from '../../widgets/source-view';
import type { Widget } from './types';

const widget: Widget = {
	async update({ code, filename, python, panel }) {
		const data = await python.call<FoldingData>('lifecycle.compiler', 'folding', [code, filename]);
		const view = render(data, { document });
		panel.replaceChildren(view);
		const source = view.querySelector<HTMLElement>('.source-view');
		if (!source) return;
		const show = (target: EventTarget | null) => {
			const row = target instanceof Element ? target.closest<HTMLElement>('tr[data-fold-index]') : null;
			const span = row ? rowSpan(row) : null;
			highlightSpans(source, data.source, 'widget-focus', span ? [span] : []);
		};
		view.addEventListener('focusin', (event) => show(event.target));
		view.addEventListener('focusout', () => show(null));
		view.addEventListener('mouseover', (event) => show(event.target));
		view.addEventListener('mouseleave', () => show(document.activeElement));
	},
};

export default widget;

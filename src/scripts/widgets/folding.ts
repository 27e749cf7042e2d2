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
		const rowOf = (target: EventTarget | null) =>
			target instanceof Element ? target.closest<HTMLElement>('tr[data-fold-index]') : null;
		const show = (row: HTMLElement | null) => {
			const span = row ? rowSpan(row) : null;
			highlightSpans(source, data.source, 'widget-focus', span ? [span] : []);
		};
		const focused = () => (view.contains(document.activeElement) ? rowOf(document.activeElement) : null);
		view.addEventListener('focusin', (event) => show(rowOf(event.target)));
		view.addEventListener('focusout', (event) => show(rowOf(event.relatedTarget)));
		// The last thing the learner did wins: focusing a row, or moving the pointer onto another row. Only a real
		// pointer move counts: when the page scrolls or grows under a resting pointer, the browser sends mouseover
		// (and may send a mousemove at the same coordinates), which must not undo a keyboard choice.
		let hovered: HTMLElement | null | undefined;
		let at = '';
		view.addEventListener('mousemove', (event) => {
			const here = `${event.screenX},${event.screenY}`;
			if (here === at) return;
			at = here;
			const row = rowOf(event.target);
			if (row === hovered) return;
			hovered = row;
			show(row ?? focused());
		});
		view.addEventListener('mouseleave', () => {
			hovered = undefined;
			show(focused());
		});
	},
};

export default widget;

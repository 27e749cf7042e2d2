/**
 * Trace mode (home page): after the cell's instrumented run, asks lifecycle.trace for every stage of the pipeline,
 * draws one panel per stage, and lights up the map node of the panel under focus or the pointer.
 */
import '../../styles/widgets.css';
import '../../styles/widget-trace.css';
import { describeRun, render, type StageLink, type StageName, type TraceData } from '../../widgets/trace-panels';
import { highlightStage } from '../map';
import type { Widget } from './types';

/** The lessons that explain each stage, written into the page at build time (TraceCell.astro). */
function stageLinks(cell: HTMLElement): Partial<Record<StageName, StageLink>> {
	const holder = cell.closest<HTMLElement>('[data-trace-links]');
	try {
		return JSON.parse(holder?.dataset['traceLinks'] ?? '{}') as Partial<Record<StageName, StageLink>>;
	} catch {
		return {};
	}
}

/** Point the map at the panel the learner is in: the focused one, or the one under the pointer while hovering. */
function wireHighlight(root: HTMLElement): void {
	let hovered: string | null = null;
	let focused: string | null = null;
	const show = () => highlightStage(hovered ?? focused);
	for (const panel of root.querySelectorAll<HTMLElement>('.trace-panel[data-stage]')) {
		const stage = panel.dataset['stage'] ?? null;
		panel.addEventListener('mouseenter', () => {
			hovered = stage;
			show();
		});
		panel.addEventListener('mouseleave', () => {
			hovered = null;
			show();
		});
		panel.addEventListener('focusin', () => {
			focused = stage;
			show();
		});
		panel.addEventListener('focusout', (event) => {
			if (!panel.contains(event.relatedTarget as Node | null) && focused === stage) {
				focused = null;
				show();
			}
		});
	}
}

const trace: Widget = {
	instrument: true,
	async update({ code, filename, outcome, python, panel, cell }) {
		highlightStage(null);
		const data = await python.call<TraceData>('lifecycle.trace', 'stages', [code, filename]);
		const view = render(data, { document, links: stageLinks(cell), runStatus: describeRun(outcome) });
		panel.replaceChildren(view);
		wireHighlight(view);
	},
};

export default trace;

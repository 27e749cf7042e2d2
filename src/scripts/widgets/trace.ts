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

/** Where each stage sits on the map, read from the map's nodes (`data-stage`, `data-place`). */
function mapPlaces(): Partial<Record<StageName, string[]>> {
	const places: Partial<Record<StageName, string[]>> = {};
	for (const node of document.querySelectorAll<HTMLElement>('.lifecycle-map [data-stage][data-place]')) {
		for (const stage of (node.dataset['stage'] ?? '').split(/\s+/) as StageName[]) {
			(places[stage] ??= []).push(node.dataset['place'] ?? '');
		}
	}
	return places;
}

/**
 * Point the map at the panel the learner is in. Focus and pointer can be in different panels: the one that moved
 * last wins, and when it leaves, the other one takes over.
 */
function wireHighlight(root: HTMLElement): void {
	let hovered: string | null = null;
	let focused: string | null = null;
	let last: 'hover' | 'focus' = 'focus';
	const show = () => highlightStage(last === 'hover' ? (hovered ?? focused) : (focused ?? hovered));
	for (const panel of root.querySelectorAll<HTMLElement>('.trace-panel[data-stage]')) {
		const stage = panel.dataset['stage'] ?? null;
		panel.addEventListener('mouseenter', () => {
			hovered = stage;
			last = 'hover';
			show();
		});
		panel.addEventListener('mouseleave', () => {
			if (hovered === stage) hovered = null;
			show();
		});
		panel.addEventListener('focusin', () => {
			focused = stage;
			last = 'focus';
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
		const view = render(data, {
			document,
			links: stageLinks(cell),
			runStatus: describeRun(outcome),
			places: mapPlaces(),
		});
		panel.replaceChildren(view);
		wireHighlight(view);
	},
};

export default trace;

/**
 * The profile widget (`widget="profile"`): the runner wraps the cell's real run with `lifecycle.profiler`
 * (cProfile enabled just before, disabled just after); this fetches the result and draws it with
 * src/widgets/profile-view.ts: an icicle graph and the pstats table. It wires what the pure renderer cannot:
 * sorting by a column header (keeping the learner's choice across runs), arrow-key moves between frames, and the
 * link between a frame and its table row (focus or hover one, the other is marked).
 */
import '../../styles/widgets.css';
import '../../styles/widget-profile.css';
import { DEFAULT_SORT, render, renderTable, type Profile, type SortKey, type SortState } from '../../widgets/profile-view';
import type { Widget } from './types';

/** The learner's sort order, per panel, so a re-run keeps it. */
const sorts = new WeakMap<HTMLElement, SortState>();

/** The timer's real step in this page (facts.md §10): cross-origin isolation makes it 5 µs instead of 100 µs. */
function clockSentence(): string {
	const isolated = typeof crossOriginIsolated === 'boolean' && crossOriginIsolated;
	return isolated
		? 'cProfile’s clock (perf_counter) steps 5 µs in this page, so a time of a few µs is a clock step, not a measurement.'
		: 'cProfile’s clock (perf_counter) steps 100 µs in this page (it is not cross-origin isolated), so times under a millisecond are mostly clock steps.';
}

function notice(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

/** The frame reached from `frame` by an arrow key, or null. Frames carry their depth, parent and order. */
function frameFrom(frames: SVGGElement[], frame: SVGGElement, key: string): SVGGElement | null {
	const index = Number(frame.dataset['index']);
	const depth = frame.dataset['depth'];
	switch (key) {
		case 'ArrowUp':
			return frame.dataset['parent'] ? (frames[Number(frame.dataset['parent'])] ?? null) : null;
		case 'ArrowDown':
			return frames.find((f) => f.dataset['parent'] === String(index)) ?? null;
		case 'ArrowRight':
			// Frames are laid out depth-first, left to right: the next one at the same depth is to the right.
			return frames.slice(index + 1).find((f) => f.dataset['depth'] === depth) ?? null;
		case 'ArrowLeft':
			return frames.slice(0, index).reverse().find((f) => f.dataset['depth'] === depth) ?? null;
		case 'Home':
			return frames[0] ?? null;
		case 'End':
			return frames.at(-1) ?? null;
		default:
			return null;
	}
}

function wire(root: HTMLElement, profile: Profile, panel: HTMLElement): void {
	const document = root.ownerDocument;
	const frames = [...root.querySelectorAll<SVGGElement>('g.pv-frame')];
	const tableBox = root.querySelector<HTMLElement>('.pv-table-box');

	const link = (rowId: string | null) => {
		for (const marked of root.querySelectorAll('.pv-linked')) marked.classList.remove('pv-linked');
		if (rowId === null) return;
		for (const item of root.querySelectorAll(`[data-row="${rowId}"]`)) item.classList.add('pv-linked');
	};

	const move = (from: SVGGElement, to: SVGGElement) => {
		from.setAttribute('tabindex', '-1');
		to.setAttribute('tabindex', '0');
		to.focus();
	};

	for (const frame of frames) {
		frame.addEventListener('focus', () => link(frame.dataset['row'] ?? null));
		frame.addEventListener('mouseenter', () => link(frame.dataset['row'] ?? null));
		frame.addEventListener('click', () => {
			const current = frames.find((f) => f.getAttribute('tabindex') === '0');
			if (current && current !== frame) move(current, frame);
			else frame.focus();
			root.querySelector(`tr[data-row="${frame.dataset['row']}"]`)?.scrollIntoView({ block: 'nearest' });
		});
		frame.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' || event.key === ' ') {
				event.preventDefault();
				root.querySelector(`tr[data-row="${frame.dataset['row']}"]`)?.scrollIntoView({ block: 'nearest' });
				return;
			}
			const next = frameFrom(frames, frame, event.key);
			if (next === null) return;
			event.preventDefault();
			move(frame, next);
		});
	}
	root.querySelector('.pv-icicle')?.addEventListener('mouseleave', () => link(null));

	if (!tableBox) return;
	tableBox.addEventListener('mouseover', (event) => {
		const row = (event.target as Element).closest('tr[data-row]');
		if (row) link(row.getAttribute('data-row'));
	});
	tableBox.addEventListener('mouseleave', () => link(null));
	tableBox.addEventListener('click', (event) => {
		const button = (event.target as Element).closest<HTMLButtonElement>('button[data-sort]');
		if (!button) return;
		const key = button.dataset['sort'] as SortKey;
		const current = sorts.get(panel) ?? DEFAULT_SORT;
		// A new column starts with the largest first (names A→Z); the same column again flips the order.
		const next: SortState =
			current.key === key ? { key, descending: !current.descending } : { key, descending: key !== 'name' };
		sorts.set(panel, next);
		tableBox.querySelector('table')?.replaceWith(renderTable(profile, next, { document }));
		tableBox.querySelector<HTMLButtonElement>(`button[data-sort="${key}"]`)?.focus();
	});
}

const profileWidget: Widget = {
	recorder: 'profiler',
	async update(context) {
		const { panel } = context;
		const document = panel.ownerDocument;
		try {
			const profile = await context.python.call<Profile | null>('lifecycle.profiler', 'result', [context.filename]);
			if (!profile) {
				panel.replaceChildren(notice(document, 'This run was not profiled: run the cell again.'));
				return;
			}
			const root = render(profile, sorts.get(panel) ?? DEFAULT_SORT, { document, clock: clockSentence() });
			wire(root, profile, panel);
			panel.replaceChildren(root);
		} catch (error) {
			panel.replaceChildren(
				notice(document, `The profile could not be read: ${error instanceof Error ? error.message : String(error)}`)
			);
		}
	},
};

export default profileWidget;

/**
 * The garbage-collection timeline (`widget="gc-timeline"`): the runner wraps the cell's real run with
 * `lifecycle.gc_timeline` (a gc.callbacks recorder); this widget fetches what it heard and draws every collection
 * on a time axis, with the numbers in a table. Drawn by src/widgets/gc-timeline.ts.
 */
import '../../styles/widgets.css';
import '../../styles/widget-vm.css';
import { render, type Timeline } from '../../widgets/gc-timeline';
import type { Widget } from './types';

function notice(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

const gcTimeline: Widget = {
	recorder: 'gc_timeline',
	async update(context) {
		const document = context.panel.ownerDocument;
		try {
			const timeline = await context.python.call<Timeline | null>(
				'lifecycle.gc_timeline',
				'result',
				[context.filename]
			);
			context.panel.replaceChildren(
				timeline
					? render(timeline, { document })
					: notice(document, 'This run was not recorded: run the cell again.')
			);
		} catch (error) {
			context.panel.replaceChildren(
				notice(
					document,
					`The collections could not be read: ${error instanceof Error ? error.message : String(error)}`
				)
			);
		}
	},
};

export default gcTimeline;

/**
 * The asyncio task timeline (`widget="tasks"`): the runner wraps the cell's real run with `lifecycle.tasks` (a
 * sys.monitoring recorder of the cell's coroutines); this widget fetches what it saw and draws one row per task on
 * a shared time axis, with the same events as text. Drawn by src/widgets/task-timeline.ts.
 */
import '../../styles/widgets.css';
import '../../styles/widget-tasks.css';
import { render, type TaskTimeline } from '../../widgets/task-timeline';
import type { Widget } from './types';

function notice(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

const tasks: Widget = {
	recorder: 'tasks',
	async update(context) {
		const document = context.panel.ownerDocument;
		try {
			const timeline = await context.python.call<TaskTimeline | null>('lifecycle.tasks', 'result', [
				context.filename,
			]);
			context.panel.replaceChildren(
				timeline
					? render(timeline, { document })
					: notice(document, 'This run was not recorded: run the cell again.')
			);
		} catch (error) {
			context.panel.replaceChildren(
				notice(
					document,
					`The tasks could not be read: ${error instanceof Error ? error.message : String(error)}`
				)
			);
		}
	},
};

export default tasks;

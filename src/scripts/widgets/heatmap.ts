/**
 * The line heat map (`widget="heatmap"`): how often each line of the cell ran and its estimated share of the time.
 *
 * What a cell needs: nothing special. Any program works; the runner wraps the cell's real run with the recorder
 * `lifecycle.heatmap` (sys.monitoring LINE events on the cell's own code objects: its module code and every
 * function, class body, lambda and comprehension it defines), so loops and function calls of the cell show up
 * line by line. Code the cell imports or calls from elsewhere (built-ins, the standard library) is not shown
 * line by line; its time is given to the cell's line that called it. Counting stops after 200,000 line events
 * (the program runs on). Drawn by src/widgets/heat-map.ts.
 */
import '../../styles/widgets.css';
import '../../styles/widget-heatmap.css';
import { render, type HeatMap } from '../../widgets/heat-map';
import type { Widget } from './types';

function notice(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

const heatmap: Widget = {
	recorder: 'heatmap',
	async update(context) {
		const document = context.panel.ownerDocument;
		try {
			const map = await context.python.call<HeatMap | null>('lifecycle.heatmap', 'result', [
				context.filename,
			]);
			context.panel.replaceChildren(
				map
					? render(map, context.code, { document })
					: notice(document, 'This run was not recorded: run the cell again.')
			);
		} catch (error) {
			context.panel.replaceChildren(
				notice(
					document,
					`The heat map could not be read: ${error instanceof Error ? error.message : String(error)}`
				)
			);
		}
	},
};

export default heatmap;

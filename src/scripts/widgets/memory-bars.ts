/**
 * Bars of measured memory (`widget="memory-bars"`): the runner wraps the cell's run with `lifecycle.memory_bars`,
 * which notes the zero-argument functions the cell defines and, once the cell has finished, calls and measures each
 * one (tracemalloc and sys.getsizeof). This widget fetches the figures and draws them with
 * src/widgets/memory-bars.ts.
 */
import '../../styles/widgets.css';
import '../../styles/widget-memory-bars.css';
import { render, type MemoryBars } from '../../widgets/memory-bars';
import type { Widget } from './types';

function notice(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

const memoryBars: Widget = {
	recorder: 'memory_bars',
	async update(context) {
		const document = context.panel.ownerDocument;
		try {
			const data = await context.python.call<MemoryBars | null>('lifecycle.memory_bars', 'result', [
				context.filename,
			]);
			context.panel.replaceChildren(
				data ? render(data, { document }) : notice(document, 'This run was not measured: run the cell again.')
			);
		} catch (error) {
			context.panel.replaceChildren(
				notice(
					document,
					`The memory could not be measured: ${error instanceof Error ? error.message : String(error)}`
				)
			);
		}
	},
};

export default memoryBars;

/**
 * The memory chart (`widget="wasm-memory"`): the runner wraps the cell's real run with `lifecycle.wasm_memory`,
 * which samples the WebAssembly memory's size (and malloc's figures) on the cell's own lines; this widget fetches
 * the samples and draws them (src/widgets/memory-chart.ts).
 */
import '../../styles/widgets.css';
import '../../styles/widget-memory-chart.css';
import { render, type MemoryRecord } from '../../widgets/memory-chart';
import type { Widget } from './types';

function notice(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

const wasmMemory: Widget = {
	recorder: 'wasm_memory',
	async update(context) {
		const document = context.panel.ownerDocument;
		try {
			const record = await context.python.call<MemoryRecord | null>(
				'lifecycle.wasm_memory',
				'result',
				[context.filename]
			);
			context.panel.replaceChildren(
				record
					? render(record, { document })
					: notice(document, 'This run was not recorded: run the cell again.')
			);
		} catch (error) {
			context.panel.replaceChildren(
				notice(
					document,
					`The memory samples could not be read: ${error instanceof Error ? error.message : String(error)}`
				)
			);
		}
	},
};

export default wasmMemory;

/**
 * The system-call trace (`widget="syscalls"`): the runner wraps the cell's real run with `lifecycle.syscalls`,
 * which turns on the worker's tracer of Emscripten's file system; this widget fetches the calls and draws them
 * (src/widgets/syscall-table.ts). Its controls switch between one row per call and one row per path, and pick an
 * operation; only the table is redrawn, so focus stays on the control.
 */
import '../../styles/widgets.css';
import '../../styles/widget-syscalls.css';
import {
	DEFAULT_FILTER,
	render,
	renderView,
	type SyscallFilter,
	type SyscallTrace,
} from '../../widgets/syscall-table';
import type { Widget } from './types';

function notice(document: Document, text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

/** Redraw the table when a control changes. */
function wire(root: HTMLElement, trace: SyscallTrace): void {
	const document = root.ownerDocument;
	const filter: SyscallFilter = { ...DEFAULT_FILTER };
	root.addEventListener('change', (event) => {
		const target = event.target;
		if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
		const control = target.dataset['syscallControl'];
		if (control === 'view' && (target.value === 'calls' || target.value === 'paths'))
			filter.view = target.value;
		else if (control === 'op') filter.op = target.value;
		else return;
		root.querySelector('[data-syscall-view]')?.replaceWith(renderView(trace, filter, { document }));
	});
}

const syscalls: Widget = {
	recorder: 'syscalls',
	async update(context) {
		const document = context.panel.ownerDocument;
		try {
			const trace = await context.python.call<SyscallTrace | null>('lifecycle.syscalls', 'result', [
				context.filename,
			]);
			if (!trace) {
				context.panel.replaceChildren(
					notice(document, 'This run was not recorded: run the cell again.')
				);
				return;
			}
			const root = render(trace, { document });
			wire(root, trace);
			context.panel.replaceChildren(root);
		} catch (error) {
			context.panel.replaceChildren(
				notice(
					document,
					`The file-system calls could not be read: ${error instanceof Error ? error.message : String(error)}`
				)
			);
		}
	},
};

export default syscalls;

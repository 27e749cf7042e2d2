/**
 * `cache-bench` widget: the cell's code as a module (copied to a few hundred lines unless the learner picks a
 * size), timed in the page's Python: compile vs marshal.loads, import without vs with its .pyc, exec of either
 * code object. Drawn as bars with the ratios written out.
 */
import '../../styles/widgets.css';
import '../../styles/widget-compiler.css';
import { render, type BenchData } from '../../widgets/ratio-bars';
import type { Widget } from './types';

const SIZES = [
	{ value: 'auto', label: 'About 300 lines' },
	{ value: '1', label: '1 copy' },
	{ value: '10', label: '10 copies' },
	{ value: '50', label: '50 copies' },
] as const;

const sizes = new WeakMap<HTMLElement, string>();
let pickers = 0;

function sizePicker(current: string, onChange: (size: string) => void): HTMLElement {
	pickers += 1;
	const id = `cache-bench-size-${pickers}`;
	const wrap = document.createElement('div');
	wrap.className = 'widget-controls';
	const label = document.createElement('label');
	label.htmlFor = id;
	label.textContent = 'Module size: ';
	const select = document.createElement('select');
	select.id = id;
	for (const size of SIZES) {
		const option = document.createElement('option');
		option.value = size.value;
		option.textContent = size.label;
		option.selected = size.value === current;
		select.append(option);
	}
	select.addEventListener('change', () => onChange(select.value));
	wrap.append(label, select);
	return wrap;
}

const widget: Widget = {
	async update({ code, python, panel, cell }) {
		const status = document.createElement('p');
		status.className = 'widget-status';
		status.setAttribute('role', 'status');
		const result = document.createElement('div');
		result.className = 'bench-result';
		let request = 0;
		const measure = async (size: string) => {
			const mine = ++request;
			sizes.set(cell, size);
			result.setAttribute('aria-busy', 'true');
			status.textContent = 'Measuring (about 3 seconds)…';
			try {
				const copies = size === 'auto' ? null : Number(size);
				const data = await python.call<BenchData>('lifecycle.pyc', 'cache_bench', [code, copies]);
				if (mine !== request) return;
				result.replaceChildren(render(data, { document }));
				status.textContent = 'Measured.';
			} catch (error) {
				if (mine !== request) return;
				status.textContent = `Could not measure: ${error instanceof Error ? error.message : String(error)}`;
			} finally {
				if (mine === request) result.removeAttribute('aria-busy');
			}
		};
		const size = sizes.get(cell) ?? 'auto';
		panel.replaceChildren(sizePicker(size, (next) => void measure(next)), status, result);
		await measure(size);
	},
};

export default widget;

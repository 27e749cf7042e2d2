/**
 * `pyc` widget: the cell's code as a module's source, written to a folder and compiled to a .pyc the way import
 * does; a hex view of the file with its header decoded. A radio group picks the invalidation mode and redraws.
 */
import '../../styles/widgets.css';
import '../../styles/widget-compiler.css';
import { renderPyc, wireFieldHighlight, type PycData } from '../../widgets/hex-view';
import type { Widget } from './types';

const MODES = [
	{ value: 'timestamp', label: 'Timestamp (default)' },
	{ value: 'checked-hash', label: 'Checked hash' },
	{ value: 'unchecked-hash', label: 'Unchecked hash' },
] as const;

/** The mode each cell last showed, so a rerun keeps the learner's choice. */
const modes = new WeakMap<HTMLElement, string>();
let groups = 0;

function modePicker(current: string, onChange: (mode: string) => void): HTMLFieldSetElement {
	groups += 1;
	const fieldset = document.createElement('fieldset');
	fieldset.className = 'widget-choice';
	const legend = document.createElement('legend');
	legend.textContent = 'Invalidation mode of the .pyc';
	fieldset.append(legend);
	for (const mode of MODES) {
		const label = document.createElement('label');
		const input = document.createElement('input');
		input.type = 'radio';
		input.name = `pyc-mode-${groups}`;
		input.value = mode.value;
		input.checked = mode.value === current;
		input.addEventListener('change', () => {
			if (input.checked) onChange(mode.value);
		});
		label.append(input, ` ${mode.label}`);
		fieldset.append(label);
	}
	return fieldset;
}

const widget: Widget = {
	async update({ code, python, panel, cell }) {
		const result = document.createElement('div');
		result.className = 'pyc-result';
		result.setAttribute('aria-live', 'polite');
		let request = 0;
		const draw = async (mode: string) => {
			const mine = ++request;
			modes.set(cell, mode);
			result.setAttribute('aria-busy', 'true');
			try {
				const data = await python.call<PycData>('lifecycle.pyc', 'write_pyc', [code, mode]);
				if (mine !== request) return;
				const view = renderPyc(data, { document });
				wireFieldHighlight(view);
				result.replaceChildren(view);
			} catch (error) {
				if (mine !== request) return;
				const p = document.createElement('p');
				p.className = 'widget-error';
				p.textContent = `The .pyc could not be made: ${error instanceof Error ? error.message : String(error)}`;
				result.replaceChildren(p);
			} finally {
				if (mine === request) result.removeAttribute('aria-busy');
			}
		};
		const mode = modes.get(cell) ?? 'timestamp';
		panel.replaceChildren(modePicker(mode, (next) => void draw(next)), result);
		await draw(mode);
	},
};

export default widget;

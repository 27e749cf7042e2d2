/**
 * <python-cell>: turns the build-time highlighted code into a live cell.
 *
 * Contract (tests and assistive technology rely on it): the element has `data-cell` and
 * `data-state` = idle | loading | running | done | error; buttons named Run, Stop and Reset; the code is a
 * role="textbox" once it is being edited (CodeMirror's content element); the output has role="log".
 *
 * Output is only ever inserted as text (textContent / text nodes), never as HTML.
 */
import { getPython, type RunOutcome } from '../python/client';
import type { OutputPart } from '../python/protocol';
import { readProgress, updateProgress } from './progress-store';
import { setCode } from '../lib/progress';
import { describeOutcome } from '../lib/outcome';
import type { CellEditor } from './editor';
import type { Widget } from './widgets/types';

export type CellState = 'idle' | 'loading' | 'running' | 'done' | 'error';

let cellCount = 0;

class PythonCell extends HTMLElement {
	#original = '';
	#code = '';
	#number = 0;
	#editor: CellEditor | null = null;
	#editorLoading: Promise<void> | null = null;
	#stop: (() => void) | null = null;
	#saveTimer: ReturnType<typeof setTimeout> | undefined;
	#stream: HTMLPreElement | null = null;

	connectedCallback(): void {
		if (this.#number) return;
		this.#number = ++cellCount;
		const pre = this.querySelector<HTMLPreElement>('[data-code] pre');
		this.#original = (pre?.textContent ?? '').replace(/\n$/, '');
		const saved = readProgress().code[this.key];
		this.#code = saved ?? this.#original;
		if (saved !== undefined && saved !== this.#original && pre) {
			// Show the learner's version; highlighting comes back when they edit it.
			pre.textContent = saved;
			this.#markEdited(true);
		}
		this.#wireControls();
		this.#warmUpWhenVisible();
	}

	get key(): string {
		return this.dataset['key'] ?? '';
	}

	get label(): string {
		return this.dataset['label'] ?? `cell ${this.#number}`;
	}

	/** The code that Run will run. */
	get code(): string {
		return this.#editor?.getCode() ?? this.#code;
	}

	#button(action: 'run' | 'stop' | 'reset'): HTMLButtonElement {
		const button = this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
		if (!button) throw new Error(`python-cell: missing ${action} button`);
		return button;
	}

	#part<T extends HTMLElement>(selector: string): T {
		const element = this.querySelector<T>(selector);
		if (!element) throw new Error(`python-cell: missing ${selector}`);
		return element;
	}

	#wireControls(): void {
		this.#button('run').addEventListener('click', () => void this.run());
		this.#button('stop').addEventListener('click', () => this.#stop?.());
		this.#button('reset').addEventListener('click', () => this.reset());
		this.#button('run').disabled = false;
		this.#button('reset').disabled = false;
		const code = this.#part<HTMLElement>('[data-code]');
		const pre = code.querySelector('pre');
		if (pre) {
			pre.setAttribute('tabindex', '0');
			pre.setAttribute('aria-label', `Code: ${this.label}. Press Enter to edit.`);
		}
		code.addEventListener('click', () => void this.edit());
		code.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' && !(event.ctrlKey || event.metaKey) && !this.#editor) {
				event.preventDefault();
				void this.edit();
			}
		});
		this.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
				event.preventDefault();
				void this.run();
			}
		});
	}

	/** Start Python early when a cell scrolls into view, so the first Run is fast. */
	#warmUpWhenVisible(): void {
		if (!('IntersectionObserver' in globalThis)) return;
		const observer = new IntersectionObserver((entries) => {
			if (entries.some((entry) => entry.isIntersecting)) {
				observer.disconnect();
				void getPython().start().catch(() => undefined);
			}
		});
		observer.observe(this);
	}

	/** Replace the highlighted code by the editor (loaded on first use) and focus it. */
	edit(): Promise<void> {
		this.#editorLoading ??= import('./editor').then(({ mountEditor }) => {
			const host = this.#part<HTMLElement>('[data-code]');
			const code = this.#code;
			host.replaceChildren();
			this.#editor = mountEditor(host, {
				doc: code,
				label: this.label,
				onChange: (text) => this.#save(text),
				onRun: () => void this.run(),
			});
		});
		return this.#editorLoading.then(() => this.#editor?.focus());
	}

	#save(code: string): void {
		this.#code = code;
		this.#markEdited(code !== this.#original);
		clearTimeout(this.#saveTimer);
		this.#saveTimer = setTimeout(() => {
			updateProgress((progress) => setCode(progress, this.key, code === this.#original ? null : code));
		}, 250);
	}

	#markEdited(edited: boolean): void {
		this.#part<HTMLElement>('.cell-badge').hidden = !edited;
	}

	/** Back to the lesson's code; the saved edit is forgotten. */
	reset(): void {
		this.#code = this.#original;
		clearTimeout(this.#saveTimer);
		updateProgress((progress) => setCode(progress, this.key, null));
		this.#markEdited(false);
		if (this.#editor) this.#editor.setCode(this.#original);
		else {
			const pre = this.querySelector('[data-code] pre');
			if (pre) pre.textContent = this.#original;
		}
		this.#setStatus('Code reset to the lesson’s version.');
	}

	#setState(state: CellState): void {
		this.dataset['state'] = state;
		const busy = state === 'loading' || state === 'running';
		const run = this.#button('run');
		const stop = this.#button('stop');
		// A focused button that becomes disabled drops focus to the page, and a keyboard user has to find their way
		// back: hand focus to the button that does something now (Run → Stop while running, Stop → Run after).
		const handOver = document.activeElement === (busy ? run : stop) ? (busy ? stop : run) : null;
		run.disabled = busy;
		stop.disabled = !busy;
		handOver?.focus();
		this.setAttribute('aria-busy', String(busy));
	}

	#setStatus(text: string): void {
		this.#part<HTMLElement>('.cell-status').textContent = text;
	}

	#output(): HTMLElement {
		return this.#part<HTMLElement>('.cell-output');
	}

	#clearOutput(): void {
		const output = this.#output();
		output.replaceChildren();
		output.hidden = false;
		this.#stream = null;
	}

	/** Append streamed output as text; consecutive parts share one <pre>. */
	#append(parts: OutputPart[]): void {
		if (!this.#stream) {
			this.#stream = document.createElement('pre');
			this.#stream.className = 'cell-stream';
			this.#output().append(this.#stream);
		}
		for (const part of parts) {
			const last = this.#stream.lastElementChild;
			if (last instanceof HTMLSpanElement && last.dataset['stream'] === part.stream) {
				last.append(part.text);
			} else {
				const span = document.createElement('span');
				span.dataset['stream'] = part.stream;
				span.textContent = part.text;
				this.#stream.append(span);
			}
		}
	}

	#notice(text: string, tone: 'info' | 'warn' | 'error'): HTMLElement {
		const p = document.createElement('p');
		p.className = `cell-notice cell-notice-${tone}`;
		p.textContent = text;
		this.#output().append(p);
		this.#stream = null;
		return p;
	}

	/** Show a text field in the output; resolves with the answer, or null if the run is stopped first. */
	#askInput(): Promise<string | null> {
		return new Promise((resolve) => {
			const form = document.createElement('form');
			form.className = 'cell-input';
			const label = document.createElement('label');
			label.textContent = 'Input for the program: ';
			const field = document.createElement('input');
			field.type = 'text';
			field.autocomplete = 'off';
			label.append(field);
			const submit = document.createElement('button');
			submit.type = 'submit';
			submit.textContent = 'Send';
			form.append(label, submit);
			this.#output().append(form);
			this.#stream = null;
			this.#setStatus('The program is waiting for input. Type it and press Enter.');
			const finish = (answer: string | null) => {
				this.removeEventListener('cell-stop', cancel);
				if (answer !== null) {
					const echo = document.createElement('pre');
					echo.className = 'cell-stream cell-echo';
					echo.textContent = answer;
					form.replaceWith(echo);
				} else form.remove();
				this.#setStatus('Running…');
				resolve(answer);
			};
			const cancel = () => finish(null);
			this.addEventListener('cell-stop', cancel, { once: true });
			form.addEventListener('submit', (event) => {
				event.preventDefault();
				finish(field.value);
			});
			field.focus();
		});
	}

	/** Run the cell's code in the page's Python. */
	async run(): Promise<RunOutcome | null> {
		if (this.dataset['state'] === 'running' || this.dataset['state'] === 'loading') return null;
		const python = getPython();
		this.#clearOutput();
		const ready = python.state === 'ready';
		this.#setState(ready ? 'running' : 'loading');
		this.#setStatus(ready ? 'Running…' : 'Starting Python (CPython 3.14 in WebAssembly)…');
		const timeout = Number(this.dataset['timeout']);
		const code = this.code;
		const filename = `<cell ${this.#number}>`;
		const widget = await this.#widget();
		const handle = python.run(
			{
				code,
				namespace: this.hasAttribute('data-shared') ? 'shared' : 'fresh',
				filename,
				instrument: widget?.instrument ?? false,
				recorder: widget?.recorder ?? null,
				...(timeout > 0 ? { timeoutMs: timeout * 1000 } : {}),
			},
			{
				onStart: () => {
					this.#setState('running');
					this.#setStatus('Running…');
				},
				onOutput: (parts) => this.#append(parts),
				onInput: () => this.#askInput(),
			}
		);
		this.#stop = () => {
			this.dispatchEvent(new Event('cell-stop'));
			this.#setStatus('Stopping…');
			handle.stop();
		};
		const outcome = await handle.done;
		this.#stop = null;
		if (widget) await this.#updateWidget(widget, { code, filename, outcome });
		this.#show(outcome, timeout);
		return outcome;
	}

	/** The cell's widget module, loaded on first run; null for a plain cell or when it cannot load. */
	async #widget(): Promise<Widget | null> {
		const name = this.dataset['widget'];
		if (!name) return null;
		try {
			const { loadWidget } = await import('./widgets/registry');
			return await loadWidget(name);
		} catch (error) {
			this.#widgetPanel()?.replaceChildren(widgetProblem(`The ${name} view could not load: ${String(error)}`));
			return null;
		}
	}

	#widgetPanel(): HTMLElement | null {
		return this.querySelector<HTMLElement>('[data-widget-panel]');
	}

	/** Redraw the widget from the run that just ended. A Stop or a failed start leaves nothing to draw. */
	async #updateWidget(
		widget: Widget,
		run: { code: string; filename: string; outcome: RunOutcome }
	): Promise<void> {
		const panel = this.#widgetPanel();
		if (!panel) return;
		panel.replaceChildren();
		if (run.outcome.status === 'interrupted' || run.outcome.status === 'load-failed') {
			panel.hidden = true;
			return;
		}
		panel.hidden = false;
		panel.setAttribute('aria-busy', 'true');
		try {
			await widget.update({ ...run, python: getPython(), panel, cell: this });
		} catch (error) {
			panel.replaceChildren(widgetProblem(`This view could not be drawn: ${error instanceof Error ? error.message : String(error)}`));
		} finally {
			panel.removeAttribute('aria-busy');
		}
	}

	#show(outcome: RunOutcome, timeout: number): void {
		const described = describeOutcome(outcome, { timeoutSeconds: timeout });
		if (outcome.status === 'error') {
			const pre = document.createElement('pre');
			pre.className = 'cell-stream cell-traceback';
			pre.textContent = outcome.error.traceback;
			this.#output().append(pre);
			this.#stream = null;
		}
		for (const notice of described.notices) this.#notice(notice.text, notice.tone);
		if (outcome.status === 'load-failed') {
			const retry = document.createElement('button');
			retry.type = 'button';
			retry.textContent = 'Retry';
			retry.className = 'cell-retry';
			retry.addEventListener('click', () => void this.run());
			this.#output().append(retry);
		}
		if (!this.#output().hasChildNodes()) this.#notice('(no output)', 'info');
		this.#setState(described.state);
		this.#setStatus(described.status);
		this.dispatchEvent(new CustomEvent('cell-run', { detail: outcome, bubbles: true }));
	}
}

function widgetProblem(text: string): HTMLElement {
	const p = document.createElement('p');
	p.className = 'cell-notice cell-notice-error';
	p.textContent = text;
	return p;
}

if (!customElements.get('python-cell')) customElements.define('python-cell', PythonCell);


/**
 * Pyodide under Node, set up like the browser worker: the same pinned package, the same helper modules
 * installed by the same function. Used by the unit tests of the Python helpers and by the content test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadPyodide, type PyodideInterface } from 'pyodide';
import { installLifecycle } from '../src/python/install';

const HELPERS = join(import.meta.dirname, '..', 'src', 'python', 'lifecycle');

export function helperSources(): Record<string, string> {
	return Object.fromEntries(
		readdirSync(HELPERS)
			.filter((name) => name.endsWith('.py'))
			.map((name) => [name, readFileSync(join(HELPERS, name), 'utf8')])
	);
}

export interface NodePython {
	py: PyodideInterface;
	/** Output captured since the last take(). */
	take(): string;
	/** Run like a cell: returns the runner's result dict. */
	runCell(
		code: string,
		options?: { filename?: string; shared?: boolean; instrument?: boolean; recorder?: string }
	): Promise<CellResult>;
	/** Call a widget helper the way the worker does (`lifecycle.runner.call_json`): JSON in, JSON out. */
	call<T = unknown>(module: string, fn: string, args?: unknown[]): T;
}

export interface CellResult {
	status: 'ok' | 'error' | 'exit' | 'interrupted';
	error?: { type: string; message: string; traceback: string };
	exitCode?: number | string | null;
}

export async function loadNodePython(stdinLines: string[] = []): Promise<NodePython> {
	// Vitest transforms the package, which breaks Pyodide's own guess of where its files are: say it.
	const indexURL = `${dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))}/`;
	const py = await loadPyodide({ indexURL });
	let output = '';
	const decoder = new TextDecoder();
	const write = (buffer: Uint8Array) => {
		output += decoder.decode(buffer, { stream: true });
		return buffer.length;
	};
	py.setStdout({ write });
	py.setStderr({ write });
	const answers = [...stdinLines];
	py.setStdin({ stdin: () => (answers.length > 0 ? `${answers.shift()}\n` : null) });
	installLifecycle(py, helperSources());
	const runner = py.pyimport('lifecycle.runner');
	return {
		py,
		take() {
			const text = output;
			output = '';
			return text;
		},
		async runCell(code, options = {}) {
			const json = (await runner.run_cell_json(
				code,
				options.filename ?? '<cell>',
				options.shared ?? false,
				options.instrument ?? false,
				options.recorder ?? null
			)) as string;
			return JSON.parse(json) as CellResult;
		},
		call<T>(module: string, fn: string, args: unknown[] = []): T {
			return JSON.parse(runner.call_json(module, fn, JSON.stringify(args)) as string) as T;
		},
	};
}

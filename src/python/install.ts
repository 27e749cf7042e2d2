/**
 * Installs the course's Python helper modules (src/python/lifecycle/*.py) into an interpreter's file system
 * as the package `lifecycle`, so cells and widgets import them like any module. Used by the browser worker
 * and by the Node tests, so both run exactly the same Python.
 */
import type { PyodideAPI } from 'pyodide';
import { createFsTracer } from './fs-trace';
import { createWasmMemory } from './wasm-memory';

/** Where the package goes: site-packages is already on sys.path. */
export const HELPERS_DIR = '/lib/python3.14/site-packages/lifecycle';

/**
 * Write each `name.py` source into the package folder, register the JavaScript modules the helpers import, and
 * make the import system see the files.
 */
export function installLifecycle(py: PyodideAPI, files: Record<string, string>): void {
	registerJsModules(py);
	writeHelperFiles(py, files);
}

/**
 * The JavaScript modules Python imports: they wrap this interpreter's own Emscripten objects, so they must be
 * registered again after a memory snapshot is restored (the snapshot holds only the WebAssembly memory).
 */
export function registerJsModules(py: PyodideAPI): void {
	// The file-system tracer is JavaScript (it wraps Emscripten's FS); Python imports it as `lifecycle_fs`.
	py.registerJsModule('lifecycle_fs', createFsTracer(py.FS as unknown as Record<string, unknown>));
	// The size of the WebAssembly memory, read from Emscripten's module; Python imports it as `lifecycle_wasm`.
	py.registerJsModule(
		'lifecycle_wasm',
		createWasmMemory((py as unknown as { _module?: unknown })._module)
	);
}

/**
 * The helper sources as files in the interpreter's file system (Emscripten's MEMFS, which lives in JavaScript:
 * a restored snapshot has the modules imported but not their files, which inspect and tracebacks read).
 */
export function writeHelperFiles(py: PyodideAPI, files: Record<string, string>): void {
	py.FS.mkdirTree(HELPERS_DIR);
	if (!('__init__.py' in files)) py.FS.writeFile(`${HELPERS_DIR}/__init__.py`, '');
	for (const [name, source] of Object.entries(files)) {
		py.FS.writeFile(`${HELPERS_DIR}/${name}`, source);
	}
	py.runPython('import importlib; importlib.invalidate_caches()');
}

/** Turn Vite's import.meta.glob keys ("./lifecycle/runner.py") into file names ("runner.py"). */
export function byBaseName(modules: Record<string, string>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(modules).map(([path, source]) => [path.slice(path.lastIndexOf('/') + 1), source])
	);
}

/**
 * A memory snapshot of a started interpreter with the course's helpers imported, so a page restores Python in a
 * fraction of a second instead of starting it (Pyodide's experimental `_makeSnapshot` / `_loadSnapshot`).
 *
 * Where it is made: at build time, in Node (snapshot-build.ts), served as a file of the site. A snapshot made in
 * Node restores in the browser: Pyodide checks that the runtime build matches (BUILD_ID in the header), and the
 * interpreter's state holds nothing of Node (no JavaScript objects: see below). Measured with Pyodide 314.0.7 in
 * Chromium 156: about 0.5 s to restore against about 4 s to start.
 *
 * What a snapshot holds: the WebAssembly memory only. Everything JavaScript keeps is gone after a restore and is
 * set up again by `afterRestore`:
 *  - the file contents (Emscripten's MEMFS lives in JavaScript): the helper files are written again;
 *  - the JavaScript modules (`lifecycle_fs`, `lifecycle_wasm`) wrap this interpreter's FS and module, so they are
 *    not registered when the snapshot is made (Pyodide cannot serialize them) but after the restore, and the
 *    helpers that bound them at import time are imported again (importlib.reload keeps the module objects, which
 *    other helpers hold);
 *  - stdout, stdin and the interrupt buffer are set by the worker after loadPyodide, restore or not.
 * Python state that would be shared by every restore is refreshed: `random` is reseeded from the OS. The string
 * hash seed cannot change after start-up (strings cache their hashes), so it is the same on every restored page.
 *
 * The file name carries a key: a hash of the Pyodide version, this format and every helper source. A new build
 * with changed helpers asks for a new name, so it never restores a stale snapshot; the key is also stamped
 * inside the snapshot (`lifecycle._snapshot_key`) and checked after the restore.
 */
import type { PyodideAPI } from 'pyodide';
import { installLifecycle, writeHelperFiles } from './install';

/** Bumped whenever what goes into a snapshot changes, so old files are never picked up. */
export const SNAPSHOT_FORMAT = 1;

/** The folder of the site that holds the snapshot files. */
export const SNAPSHOT_DIR = 'python-snapshot';

/** The JavaScript modules the helpers import; helpers importing them are imported again after a restore. */
const JS_MODULES = ['lifecycle_fs', 'lifecycle_wasm'];

/** The hex SHA-256 of the Pyodide version, the format and the helper sources (sorted by name), shortened. */
export async function snapshotKey(pyodideVersion: string, files: Record<string, string>): Promise<string> {
	const parts = [`pyodide ${pyodideVersion}`, `format ${SNAPSHOT_FORMAT}`];
	for (const name of Object.keys(files).sort()) parts.push(`${name}\0${files[name]}`);
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(parts.join('\0\0')));
	return [...new Uint8Array(digest)]
		.slice(0, 12)
		.map((byte) => byte.toString(16).padStart(2, '0'))
		.join('');
}

/** The snapshot's file name for a key. */
export function snapshotFileName(key: string): string {
	return `${key}.bin`;
}

/** Module names (`lifecycle.runner`, …) of the helper files, in a stable order. */
export function helperModules(files: Record<string, string>): string[] {
	return Object.keys(files)
		.filter((name) => name.endsWith('.py') && name !== '__init__.py')
		.map((name) => `lifecycle.${name.slice(0, -3)}`)
		.sort();
}

/** Helpers whose source imports one of the JavaScript modules (they bind it when imported). */
export function helpersBindingJs(files: Record<string, string>): string[] {
	const pattern = new RegExp(`^\\s*import\\s+(?:${JS_MODULES.join('|')})\\b`, 'm');
	return helperModules(files).filter((module) => pattern.test(files[`${module.slice('lifecycle.'.length)}.py`] ?? ''));
}

/**
 * Prepare an interpreter loaded with `_makeSnapshot: true` and take its snapshot: the helper files written and
 * every helper imported (that is most of the start-up a page would do), the key stamped. No JavaScript module is
 * registered: the helpers that import one find none and are imported again after the restore.
 */
export function takeSnapshot(py: PyodideAPI, files: Record<string, string>, key: string): Uint8Array {
	writeHelperFiles(py, files);
	const imports = helperModules(files).map((module) => `import ${module}`);
	py.runPython([...imports, 'import lifecycle', `lifecycle._snapshot_key = ${JSON.stringify(key)}`].join('\n'));
	return (py as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot();
}

/**
 * Set up again what the snapshot could not hold (see the top of this file), then check that this is the snapshot
 * expected. Throws if it is not: the caller then starts a fresh interpreter.
 */
export function afterRestore(py: PyodideAPI, files: Record<string, string>, key: string): void {
	const stamped: unknown = py.runPython('import lifecycle; getattr(lifecycle, "_snapshot_key", None)');
	if (stamped !== key) throw new Error(`the snapshot is for key ${String(stamped)}, not ${key}`);
	installLifecycle(py, files);
	const reload = helpersBindingJs(files);
	py.runPython(
		[
			'import importlib, sys',
			`for _name in ${JSON.stringify(reload)}:`,
			'    if _name in sys.modules: importlib.reload(sys.modules[_name])',
			'if "random" in sys.modules: sys.modules["random"].seed()',
			'del _name',
		].join('\n')
	);
}

/**
 * The snapshot's bytes from its gzip file, decompressed as they arrive. gzip's trailer carries a CRC-32 and the
 * length, so a truncated or corrupted file fails here instead of restoring a broken memory. (A host that sends
 * the file with Content-Encoding: gzip hands over plain bytes, which fail too: such a page starts fresh.)
 */
export async function readSnapshot(response: Response): Promise<Uint8Array> {
	if (!response.ok || !response.body) throw new Error(`no snapshot (HTTP ${response.status})`);
	const stream = response.body.pipeThrough(new DecompressionStream('gzip'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

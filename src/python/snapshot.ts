/**
 * A memory snapshot of a started interpreter with the course's runner imported, so a second visit restores
 * Python in a fraction of a second instead of starting it (Pyodide's experimental `_makeSnapshot` /
 * `_loadSnapshot`).
 *
 * Where it is made: in a browser, never in Node. Pyodide records at start-up, inside the interpreter's memory, what
 * the JavaScript runtime can do (JSPI stack switching and its call trampolines). A snapshot made in Node and
 * restored in Chromium believed it had no JSPI (asyncio.run raised, time.sleep blocked), or crashed on the first
 * stack switch (README, "Benchmark"). So every snapshot is stamped with a key of the Pyodide version, the helper
 * sources and the browser's capabilities (`browserCapabilities`), and a restore whose stamp differs is refused.
 * - Shipped: the build opens the site in headless Chromium, whose worker makes one as below, and ships it gzipped
 *   as python-snapshot/shipped-<stamp>.snapshot (src/integrations/shipped-snapshot.mjs). A first visit in a
 *   browser with the same capabilities downloads and restores it; any other browser finds no file for its stamp.
 * - Stored: the worker keeps the snapshot it restored or made in the Cache API, under a key that also carries the
 *   user agent (a browser update makes a new one), and the next visit restores that copy: no download, no unpacking.
 *
 * How the fresh start makes it without delaying the first result: the worker starts Python with
 * `_makeSnapshot: true`, writes the helper files, imports the runner and stamps the key (`prepareSnapshot`),
 * copies the memory (`makeMemorySnapshot`, about 20 ms: it only copies the heap, and the interpreter stays
 * usable), then sets up the JavaScript side (`finishSetup`) exactly as after a restore. The copy is stored after
 * the page has its interpreter.
 *
 * What a snapshot holds: the WebAssembly memory only. Everything JavaScript keeps is gone after a restore and is
 * set up again by `afterRestore` / `finishSetup`:
 *  - the file contents (Emscripten's MEMFS lives in JavaScript): the helper files are written again;
 *  - the JavaScript modules (`lifecycle_fs`, `lifecycle_wasm`) wrap this interpreter's FS and module, so they are
 *    not registered when the snapshot is made (Pyodide cannot serialize them) but afterwards, and the helpers that
 *    bound them at import time are imported again (importlib.reload keeps the module objects others hold);
 *  - stdout, stdin and the interrupt buffer are set by the worker after loadPyodide, restore or not.
 * Python state that would be shared by every restore is refreshed: `random` is reseeded from the OS. The string
 * hash seed cannot change after start-up (strings cache their hashes), so it is the snapshot's (for the shipped
 * one, the build's): the same for every visit, which only matters to a server fending off hash flooding, and no
 * lesson relies on it varying.
 */
import type { PyodideAPI } from 'pyodide';
import { registerJsModules, writeHelperFiles } from './install';

/** Bumped whenever what goes into a snapshot changes, so old entries are never picked up. */
export const SNAPSHOT_FORMAT = 2;

/** The Cache API cache that holds the snapshots (the site's service worker leaves caches it does not own alone). */
export const SNAPSHOT_CACHE = 'python-snapshot-v1';

/** The modules imported before the snapshot: what a fresh start imports anyway (more would slow the first visit). */
export const SNAPSHOT_IMPORTS = ['lifecycle.runner'];

/** The JavaScript modules the helpers import; helpers importing them are imported again after a restore. */
const JS_MODULES = ['lifecycle_fs', 'lifecycle_wasm'];

/**
 * The hex SHA-256 of the Pyodide version, this format, the browser (the snapshot encodes its capabilities) and
 * the helper sources (sorted by name), shortened.
 */
export async function snapshotKey(
	pyodideVersion: string,
	files: Record<string, string>,
	browser: string
): Promise<string> {
	const parts = [`pyodide ${pyodideVersion}`, `format ${SNAPSHOT_FORMAT}`, `browser ${browser}`];
	for (const name of Object.keys(files).sort()) parts.push(`${name}\0${files[name]}`);
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(parts.join('\0\0')));
	return [...new Uint8Array(digest)]
		.slice(0, 12)
		.map((byte) => byte.toString(16).padStart(2, '0'))
		.join('');
}

/**
 * What this browser's WebAssembly can do, as Pyodide reads it at start-up and records inside the snapshot
 * (pyodide.asm.mjs: JSPI in its new "Suspending" or old "Suspender" form, and type reflection, WebAssembly.Function,
 * for its call trampolines), with the engine family. A snapshot is valid where this is the same: it is stamped
 * into every snapshot and checked after a restore, and it names the snapshot shipped with the site (made at build
 * time in headless Chromium, src/integrations/shipped-snapshot.mjs), which a browser uses only if it matches.
 */
export function browserCapabilities(wasm: object = WebAssembly, userAgent: string = navigator.userAgent): string {
	const engine = /Chrom(e|ium)\//.test(userAgent)
		? 'chromium'
		: /Firefox\//.test(userAgent)
			? 'gecko'
			: /AppleWebKit\//.test(userAgent)
				? 'webkit'
				: 'other';
	const features = ['Suspending', 'Suspender', 'promising', 'Function'].map((name) => `${name}=${name in wasm}`);
	return [engine, ...features].join(' ');
}

/** The URL of the snapshot shipped with the site for browsers whose stamp (capabilities key) is `stamp`. */
export function shippedSnapshotURL(folderURL: string, stamp: string): string {
	return `${folderURL}shipped-${stamp}.snapshot`;
}

/**
 * The shipped snapshot's bytes: it is served gzip-compressed (about 6 MB instead of 31) and unpacked here; gzip's
 * own CRC and length check refuse a damaged download.
 */
export async function readShippedSnapshot(response: Response): Promise<Uint8Array> {
	if (!response.ok || !response.body) throw new Error(`no shipped snapshot (HTTP ${response.status})`);
	const unpacked = response.body.pipeThrough(new DecompressionStream('gzip'));
	return new Uint8Array(await new Response(unpacked).arrayBuffer());
}

/** The URL a snapshot is filed under in the cache (a cache key only: nothing is ever fetched from it). */
export function snapshotEntryURL(folderURL: string, key: string): string {
	return `${folderURL}${key}.bin`;
}

/** Helpers whose source imports one of the JavaScript modules (they bind it when imported). */
export function helpersBindingJs(files: Record<string, string>): string[] {
	const pattern = new RegExp(`^\\s*import\\s+(?:${JS_MODULES.join('|')})\\b`, 'm');
	return Object.keys(files)
		.filter((name) => name.endsWith('.py') && name !== '__init__.py' && pattern.test(files[name] ?? ''))
		.map((name) => `lifecycle.${name.slice(0, -3)}`)
		.sort();
}

/**
 * Bring an interpreter loaded with `_makeSnapshot: true` to the state a snapshot holds: the helper files written,
 * the runner imported and the key stamped. No JavaScript module is registered yet (see the top of this file).
 */
export function prepareSnapshot(py: PyodideAPI, files: Record<string, string>, key: string): void {
	writeHelperFiles(py, files);
	const imports = SNAPSHOT_IMPORTS.map((module) => `import ${module}`);
	py.runPython([...imports, 'import lifecycle', `lifecycle._snapshot_key = ${JSON.stringify(key)}`].join('\n'));
}

/** Copy the prepared interpreter's memory. The interpreter stays usable: Pyodide copies the heap. */
export function takeSnapshot(py: PyodideAPI): Uint8Array {
	return (py as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot();
}

/**
 * The JavaScript side, after `prepareSnapshot` or a restore: register the JavaScript modules, import again the
 * helpers that bound them, and reseed `random`.
 */
export function finishSetup(py: PyodideAPI, files: Record<string, string>): void {
	registerJsModules(py);
	py.runPython(
		[
			'import importlib, sys',
			`for _name in ${JSON.stringify(helpersBindingJs(files))}:`,
			'    if _name in sys.modules: importlib.reload(sys.modules[_name])',
			'if "random" in sys.modules: sys.modules["random"].seed()',
			'_name = None',
			'del _name',
		].join('\n')
	);
}

/**
 * After a restore: check this is the snapshot expected (throws if not: the caller starts afresh), write the
 * helper files again and set up the JavaScript side.
 */
export function afterRestore(py: PyodideAPI, files: Record<string, string>, key: string): void {
	const stamped: unknown = py.runPython('import lifecycle; getattr(lifecycle, "_snapshot_key", None)');
	if (stamped !== key) throw new Error(`the snapshot is for key ${String(stamped)}, not ${key}`);
	writeHelperFiles(py, files);
	finishSetup(py, files);
}

/** The hex SHA-256 of the snapshot, stored beside it and checked when it is read back. */
export async function snapshotDigest(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A stored snapshot read back: its bytes, and a check of their SHA-256 that may run beside the restore. */
export interface ReadSnapshot {
	bytes: Uint8Array;
	/** Rejects when the bytes are not the ones stored (a corrupted entry). */
	verified: Promise<void>;
}

/**
 * The snapshot's bytes, stored uncompressed: reading 31 MB back takes about 40 ms in Chromium, where decompressing
 * a gzip copy took 120-190 ms on the start-up's path. A truncated entry fails the length check here; a corrupted
 * one fails `verified` (SHA-256, about 45 ms, run while Pyodide restores), before the interpreter is used.
 */
export async function readSnapshot(response: Response): Promise<ReadSnapshot> {
	if (!response.ok) throw new Error(`no snapshot (HTTP ${response.status})`);
	const expectedBytes = Number(response.headers.get('x-snapshot-bytes'));
	const expectedDigest = response.headers.get('x-snapshot-sha256');
	const bytes = new Uint8Array(await response.arrayBuffer());
	if (!expectedDigest || !Number.isSafeInteger(expectedBytes) || bytes.length !== expectedBytes) {
		throw new Error(`the snapshot has ${bytes.length} bytes, not ${String(expectedBytes)} (truncated or unlabelled)`);
	}
	const verified = snapshotDigest(bytes).then((digest) => {
		if (digest !== expectedDigest) throw new Error('the snapshot does not match its SHA-256 (corrupted)');
	});
	verified.catch(() => undefined); // handled where awaited
	return { bytes, verified };
}

/**
 * The response stored for a snapshot: its bytes, labelled with their length and SHA-256, and the stamp it carries
 * (the build reads it to name the shipped snapshot).
 */
export async function snapshotResponse(bytes: Uint8Array, stamp = ''): Promise<Response> {
	return new Response(bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': 'application/octet-stream',
			'x-snapshot-bytes': String(bytes.length),
			'x-snapshot-sha256': await snapshotDigest(bytes),
			'x-snapshot-stamp': stamp,
		},
	});
}

/** The minimal part of the Cache API used here (so tests can hand in a fake). */
export type SnapshotCaches = Pick<CacheStorage, 'open'>;

/**
 * Store the snapshot under this URL, and drop the other entries (older keys: helpers, Pyodide or browser
 * changed).
 */
export async function storeSnapshot(caches: SnapshotCaches, url: string, bytes: Uint8Array, stamp = ''): Promise<void> {
	const response = await snapshotResponse(bytes, stamp);
	const cache = await caches.open(SNAPSHOT_CACHE);
	await cache.put(url, response);
	for (const request of await cache.keys()) {
		if (request.url !== url) await cache.delete(request);
	}
}

/** Forget a snapshot that failed to restore, so the next visit makes a new one. */
export async function deleteStoredSnapshot(caches: SnapshotCaches, url: string): Promise<void> {
	const cache = await caches.open(SNAPSHOT_CACHE);
	await cache.delete(url);
}

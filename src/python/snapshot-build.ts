/**
 * Makes the interpreter snapshot in Node, at build time (see snapshot.ts for why this restores in the browser).
 * Used by the site's snapshot endpoint (src/pages/python-snapshot/[file].ts) and by the unit tests.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { PyodideAPI } from 'pyodide';
import { snapshotKey, takeSnapshot } from './snapshot';

/** The pinned pyodide package's folder (with a trailing slash), found from the project, not from this file. */
export function pyodideDir(): string {
	const require = createRequire(join(process.cwd(), 'package.json'));
	return `${dirname(require.resolve('pyodide/package.json'))}/`;
}

export function pyodideVersion(dir = pyodideDir()): string {
	return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideAPI>;

/** Pyodide's own loader, imported at run time (a bundler must not pull it in: it has its own file layout). */
export async function nodeLoadPyodide(dir = pyodideDir()): Promise<LoadPyodide> {
	const module = (await import(/* @vite-ignore */ pathToFileURL(join(dir, 'pyodide.mjs')).href)) as {
		loadPyodide: LoadPyodide;
	};
	return module.loadPyodide;
}

export interface BuiltSnapshot {
	key: string;
	/** The raw snapshot (what `_loadSnapshot` takes). */
	bytes: Uint8Array;
	/** The file served: gzip level 6 (level 9 is about 3x slower for under 2% less). */
	gzip: Uint8Array<ArrayBuffer>;
}

/** A fresh interpreter with the helpers imported, snapshotted. About 3 s and 30 MB of memory. */
export async function buildSnapshot(files: Record<string, string>): Promise<BuiltSnapshot> {
	const dir = pyodideDir();
	const key = await snapshotKey(pyodideVersion(dir), files);
	const loadPyodide = await nodeLoadPyodide(dir);
	const py = await loadPyodide({ indexURL: dir, _makeSnapshot: true });
	const bytes = takeSnapshot(py, files, key);
	return { key, bytes, gzip: new Uint8Array(gzipSync(bytes, { level: 6 })) };
}

/**
 * The interpreter snapshot as a file of the site, made at build time in Node (src/python/snapshot-build.ts):
 * /python-snapshot/<key>.bin, gzip data, which the Python worker restores instead of starting Python afresh.
 * The key hashes the Pyodide version and the helper sources, so each build names its own snapshot.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { byBaseName } from '../../python/install';
import { snapshotFileName } from '../../python/snapshot';
import { buildSnapshot, type BuiltSnapshot } from '../../python/snapshot-build';

const helperSources = byBaseName(
	import.meta.glob<string>('../../python/lifecycle/*.py', { query: '?raw', import: 'default', eager: true })
);

// Made once per build (or per dev server), however often Astro asks.
let built: Promise<BuiltSnapshot> | null = null;
const snapshot = () => (built ??= buildSnapshot(helperSources));

export const getStaticPaths = (async () => {
	const { key } = await snapshot();
	return [{ params: { file: snapshotFileName(key) } }];
}) satisfies GetStaticPaths;

export const GET: APIRoute = async () => {
	const { gzip } = await snapshot();
	return new Response(gzip, { headers: { 'Content-Type': 'application/octet-stream' } });
};

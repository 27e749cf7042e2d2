// Copies the Pyodide runtime from its npm package into public/pyodide/ so the site serves it itself:
// nothing is ever fetched from another origin, and the version is the one pinned in package.json.
import { copyFileSync, mkdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files loadPyodide() fetches for a plain start (no extra packages). */
export const PYODIDE_FILES = [
	'pyodide.mjs',
	'pyodide.asm.mjs',
	'pyodide.asm.wasm',
	'python_stdlib.zip',
	'pyodide-lock.json',
];

/** Folder of the installed pyodide package. */
export function pyodidePackageDir() {
	const require = createRequire(import.meta.url);
	return dirname(require.resolve('pyodide/package.json'));
}

/** Copy the runtime into `publicDir/pyodide`, skipping files that are already identical in size. */
export function copyPyodide(publicDir) {
	const from = pyodidePackageDir();
	const to = join(publicDir, 'pyodide');
	mkdirSync(to, { recursive: true });
	for (const name of PYODIDE_FILES) {
		const src = join(from, name);
		const dest = join(to, name);
		if (existsSync(dest) && statSync(dest).size === statSync(src).size) continue;
		copyFileSync(src, dest);
	}
	const { version } = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
	return version;
}

/** Astro integration: copy Pyodide before dev, build and preview. */
export default function selfHostPyodide() {
	return {
		name: 'self-host-pyodide',
		hooks: {
			'astro:config:setup': ({ config, logger }) => {
				const version = copyPyodide(fileURLToPath(config.publicDir));
				logger.info(`Pyodide ${version} copied to public/pyodide/`);
			},
		},
	};
}

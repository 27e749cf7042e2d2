// Ships a snapshot of the started interpreter with the site, so even a first visit restores Python instead of
// starting it (npm run bench: "cold"). A snapshot holds what the browser could do when it was made (JSPI, call
// trampolines: src/python/snapshot.ts), so it is made where it will be used, in a browser: at the end of the build,
// headless Chromium opens the built playground, whose worker starts Python afresh and stores its snapshot as on
// any first visit; the integration takes that entry, gzipped, to dist/python-snapshot/shipped-<stamp>.snapshot.
// The stamp hashes the Pyodide version, the helper sources and the browser's capabilities, so only browsers that
// match it download the file; every other one starts afresh as before.
// Without Chromium (CHROMIUM_PATH, /usr/bin/chromium or Playwright's own) the build says so and ships none.
// It runs after the Content-Security-Policy rewrite (the page must be final) and before the service worker's
// manifest (which leaves python-snapshot/ out: the stored copy serves offline visits).
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHIPPED_DIR = 'python-snapshot';
const TIMEOUT_MS = 120_000;
const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.wasm': 'application/wasm',
	'.zip': 'application/zip',
	'.svg': 'image/svg+xml',
};

/** The Chromium to drive, or null. */
async function findChromium() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
	try {
		const { chromium } = await import('@playwright/test');
		candidates.push(chromium.executablePath());
		return { chromium, path: candidates.find((path) => path && existsSync(path)) ?? null };
	} catch {
		return { chromium: null, path: null }; // Playwright not installed (production-only install)
	}
}

/** Serve `root` on a free local port, cross-origin isolated like the real site. */
async function serve(root) {
	const server = createServer((request, response) => {
		const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
		let file = normalize(join(root, path));
		if (file.startsWith(root) && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
		if (!file.startsWith(root) || !existsSync(file)) return void response.writeHead(404).end();
		response.writeHead(200, {
			'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
			'Cross-Origin-Opener-Policy': 'same-origin',
			'Cross-Origin-Embedder-Policy': 'require-corp',
		});
		createReadStream(file).pipe(response);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Make the snapshot in Chromium from the built site in `distDir`; returns { file, bytes, packed } or a reason. */
export async function shipSnapshot(distDir) {
	const { chromium, path } = await findChromium();
	if (!chromium || !path) return { skipped: 'no Chromium found (CHROMIUM_PATH, /usr/bin/chromium, Playwright)' };
	const root = normalize(distDir);
	const { server, origin } = await serve(root);
	const browser = await chromium.launch({ executablePath: path, args: ['--no-sandbox', '--disable-gpu'] });
	try {
		const context = await browser.newContext({ serviceWorkers: 'block' });
		const page = await context.newPage();
		await page.goto(`${origin}/playground/`);
		const outcome = await page.waitForFunction(
			() => {
				const detail = (name) => performance.getEntriesByName(name).at(-1)?.detail;
				const failed = detail('python:snapshot-store-failed');
				if (failed) return { failed: failed.message ?? 'failed' };
				return detail('python:snapshot-stored') ? { stored: true } : null;
			},
			null,
			{ timeout: TIMEOUT_MS, polling: 200 }
		);
		const result = await outcome.jsonValue();
		if (result.failed) throw new Error(`the page could not make its snapshot: ${result.failed}`);
		const entry = await page.evaluate(async () => {
			const cache = await caches.open('python-snapshot-v1');
			const [request] = await cache.keys();
			const response = request && (await cache.match(request));
			if (!response?.body) return null;
			const stamp = response.headers.get('x-snapshot-stamp') ?? '';
			const bytes = Number(response.headers.get('x-snapshot-bytes'));
			const packed = new Uint8Array(
				await new Response(response.body.pipeThrough(new CompressionStream('gzip'))).arrayBuffer()
			);
			let binary = '';
			for (let i = 0; i < packed.length; i += 0x8000) binary += String.fromCharCode(...packed.subarray(i, i + 0x8000));
			return { stamp, bytes, base64: btoa(binary) };
		});
		if (!entry?.stamp) throw new Error('the page stored no stamped snapshot');
		const packed = Buffer.from(entry.base64, 'base64');
		mkdirSync(join(root, SHIPPED_DIR), { recursive: true });
		const file = join(root, SHIPPED_DIR, `shipped-${entry.stamp}.snapshot`);
		writeFileSync(file, packed);
		return { file, bytes: entry.bytes, packed: packed.length };
	} finally {
		await browser.close();
		server.close();
	}
}

/** Astro integration: ship the snapshot at the end of `astro build` (SHIPPED_SNAPSHOT=off skips it). */
export default function shippedSnapshot() {
	return {
		name: 'shipped-snapshot',
		hooks: {
			'astro:build:done': async ({ dir, logger }) => {
				if (process.env.SHIPPED_SNAPSHOT === 'off') return logger.info('SHIPPED_SNAPSHOT=off: no snapshot shipped');
				const made = await shipSnapshot(fileURLToPath(dir));
				if (made.skipped) {
					logger.warn(`${made.skipped}: no snapshot shipped, so first visits start Python afresh`);
					return;
				}
				const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
				logger.info(`shipped ${made.file.slice(made.file.indexOf(SHIPPED_DIR))}: ${mb(made.bytes)}, ${mb(made.packed)} gzipped`);
			},
		},
	};
}

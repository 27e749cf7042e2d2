/**
 * A plain static file server for dist/, like GitHub Pages: no COOP/COEP/CORP headers, so only the service worker
 * can make the course cross-origin isolated. A test can change what it serves (`transform`) to publish a "new
 * version" of a file.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.wasm': 'application/wasm',
	'.zip': 'application/zip',
	'.txt': 'text/plain',
};

export interface PlainServer {
	origin: string;
	/** Rewrite a served file's text by its path (e.g. "/sw.js"); undefined serves the file as built. */
	transform: ((path: string, text: string) => string | undefined) | undefined;
	close(): Promise<void>;
}

export async function startPlainServer(root = 'dist'): Promise<PlainServer> {
	const state: PlainServer = { origin: '', transform: undefined, close: async () => undefined };
	const server: Server = createServer((request, response) => {
		const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
		let file = normalize(join(root, path));
		if (!file.startsWith(normalize(root))) return void response.writeHead(403).end();
		if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
		if (!existsSync(file)) {
			response.writeHead(404, { 'Content-Type': TYPES['.html'] });
			return void response.end(existsSync(join(root, '404.html')) ? readFileSync(join(root, '404.html')) : '');
		}
		const type = TYPES[extname(file)] ?? 'application/octet-stream';
		// no-cache: the browser revalidates, as with a real host after a deploy (the service worker's update check
		// bypasses the HTTP cache anyway).
		const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
		const changed = state.transform && /text|json|javascript/.test(type)
			? state.transform(path, readFileSync(file, 'utf8'))
			: undefined;
		response.writeHead(200, headers);
		if (changed !== undefined) response.end(changed);
		else createReadStream(file).pipe(response);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	let closed = false;
	state.close = () => {
		if (closed) return Promise.resolve();
		closed = true;
		server.closeAllConnections(); // keep-alive sockets would otherwise keep serving
		return new Promise((resolve) => server.close(() => resolve()));
	};
	return state;
}

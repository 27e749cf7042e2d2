/**
 * Serving the built site for the measuring scripts (scripts/bench.mjs, scripts/lighthouse.mjs):
 * `astro preview` on a free port, started as a direct child and stopped by its own process id.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const START_TIMEOUT_MS = 60_000;

/** `preferred` when it is free, else any port the OS hands out. */
export async function freePort(preferred = 4455) {
	const tryListen = (port) =>
		new Promise((resolve) => {
			const server = createServer();
			server.once('error', () => resolve(null));
			server.listen(port, '127.0.0.1', () => {
				const { port: bound } = server.address();
				server.close(() => resolve(bound));
			});
		});
	return (await tryListen(preferred)) ?? (await tryListen(0));
}

/**
 * `astro preview` as a direct child (not through npx, whose death would leave astro running), so stopping it kills
 * exactly the server. Its output is kept only to explain a failed start.
 */
export function startServer(port) {
	const child = spawn('node_modules/.bin/astro', ['preview', '--host', '127.0.0.1', '--port', String(port)], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
	});
	let log = '';
	const keep = (chunk) => (log = (log + chunk).slice(-4000));
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	return { child, log: () => log };
}

export async function waitForServer(server, url) {
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (server.child.exitCode !== null) throw new Error(`astro preview exited early:\n${server.log()}`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`astro preview did not answer ${url} within ${START_TIMEOUT_MS / 1000} s:\n${server.log()}`);
}

export async function stopServer(server) {
	if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
	const exited = new Promise((resolve) => server.child.once('exit', resolve));
	server.child.kill('SIGTERM');
	const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
	await exited;
	clearTimeout(timer);
}

/** Serves dist/ on a free port until `use(baseUrl)` settles. */
export async function withPreviewServer(use) {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const server = startServer(port);
	const killOnExit = () => server.child.kill('SIGKILL');
	process.once('exit', killOnExit);
	try {
		await waitForServer(server, `${base}/`);
		return await use(base);
	} finally {
		await stopServer(server);
		process.off('exit', killOnExit);
	}
}

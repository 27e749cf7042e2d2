/**
 * The headers that make a page cross-origin isolated (SharedArrayBuffer, hence Stop and input()), added by the
 * service worker to every same-origin response it hands out. On a host that sends them already (astro preview,
 * a configured server) this changes nothing; on one that cannot (GitHub Pages, a plain file server) it is what
 * isolates the course. The same pattern as coi-serviceworker.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The response with the isolation headers set. Opaque responses (status 0) cannot be read or rebuilt, and
 * responses that already carry every header are returned as they are.
 */
export function withIsolationHeaders(response: Response): Response {
	if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
	const missing = Object.entries(ISOLATION_HEADERS).filter(([name, value]) => response.headers.get(name) !== value);
	if (missing.length === 0) return response;
	const headers = new Headers(response.headers);
	for (const [name, value] of missing) headers.set(name, value);
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

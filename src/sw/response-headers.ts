import { cspHeaders } from '../lib/csp-policy.mjs';

/**
 * The headers every response of the course needs, added by the service worker to every same-origin response it
 * hands out. On a host that sends them already (astro preview, a configured server) this changes nothing; on one
 * that cannot (GitHub Pages, a plain file server) it is what makes the course work as designed:
 * - COOP/COEP/CORP make the page cross-origin isolated (SharedArrayBuffer, hence Stop and input()); the same
 *   pattern as coi-serviceworker;
 * - the Content-Security-Policy header is what holds the Python and search workers to the site (a worker does not
 *   take its page's <meta> policy; see src/lib/csp-policy.mjs).
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin',
};
export const COURSE_HEADERS: Readonly<Record<string, string>> = { ...ISOLATION_HEADERS, ...cspHeaders };

/**
 * The response with the course's headers set. Opaque responses (status 0) cannot be read or rebuilt, and
 * responses that already carry every header are returned as they are.
 */
export function withCourseHeaders(response: Response): Response {
	if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
	const missing = Object.entries(COURSE_HEADERS).filter(([name, value]) => response.headers.get(name) !== value);
	if (missing.length === 0) return response;
	const headers = new Headers(response.headers);
	for (const [name, value] of missing) headers.set(name, value);
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolationHeaders } from './isolation-headers';

describe('withIsolationHeaders', () => {
	it('adds COOP, COEP and CORP to a response that has none, keeping status, type header and body', async () => {
		const original = new Response('<h1>hi</h1>', {
			status: 200,
			statusText: 'OK',
			headers: { 'Content-Type': 'text/html' },
		});
		const isolated = withIsolationHeaders(original);
		for (const [name, value] of Object.entries(ISOLATION_HEADERS)) expect(isolated.headers.get(name)).toBe(value);
		expect(isolated.headers.get('Content-Type')).toBe('text/html');
		expect(isolated.status).toBe(200);
		expect(isolated.statusText).toBe('OK');
		expect(await isolated.text()).toBe('<h1>hi</h1>');
	});

	it('overrides a weaker value (COEP unsafe-none) and keeps a 404 a 404', () => {
		const original = new Response('missing', {
			status: 404,
			headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' },
		});
		const isolated = withIsolationHeaders(original);
		expect(isolated.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
		expect(isolated.status).toBe(404);
	});

	it('returns the very same response when every header is already right', () => {
		const original = new Response('x', { headers: { ...ISOLATION_HEADERS } });
		expect(withIsolationHeaders(original)).toBe(original);
	});

	it('leaves an opaque (unreadable) response alone', () => {
		const opaque = Response.error(); // type "error", status 0: as unreadable as an opaque response
		expect(withIsolationHeaders(opaque)).toBe(opaque);
	});
});

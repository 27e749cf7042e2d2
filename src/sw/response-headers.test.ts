import { describe, expect, it } from 'vitest';
import { HEADER_POLICY } from '../lib/csp-policy.mjs';
import { COURSE_HEADERS, withCourseHeaders } from './response-headers';

describe('withCourseHeaders', () => {
	it('adds COOP, COEP, CORP and the CSP to a response that has none, keeping status, type header and body', async () => {
		const original = new Response('<h1>hi</h1>', {
			status: 200,
			statusText: 'OK',
			headers: { 'Content-Type': 'text/html' },
		});
		const isolated = withCourseHeaders(original);
		for (const [name, value] of Object.entries(COURSE_HEADERS)) expect(isolated.headers.get(name)).toBe(value);
		expect(isolated.headers.get('Content-Security-Policy')).toBe(HEADER_POLICY);
		expect(isolated.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
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
		const isolated = withCourseHeaders(original);
		expect(isolated.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
		expect(isolated.status).toBe(404);
	});

	it('returns the very same response when every header is already right', () => {
		const original = new Response('x', { headers: { ...COURSE_HEADERS } });
		expect(withCourseHeaders(original)).toBe(original);
	});

	it('leaves an opaque (unreadable) response alone', () => {
		const opaque = Response.error(); // type "error", status 0: as unreadable as an opaque response
		expect(withCourseHeaders(opaque)).toBe(opaque);
	});
});

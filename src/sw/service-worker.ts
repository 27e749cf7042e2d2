/// <reference lib="webworker" />
/**
 * The course's service worker, bundled by src/integrations/service-worker.mjs into dist/sw.js after the build,
 * with Workbox's precache manifest (every file of dist, each with a content revision) injected at
 * `self.__WB_MANIFEST`.
 *
 * - Offline: the whole site is precached on the first visit: pages, scripts, styles, the Pyodide runtime and the
 *   Pagefind index. Afterwards every page and every cell works with no network.
 * - Headers: every response it hands out carries COOP/COEP/CORP, so Stop and input() work on hosts that cannot
 *   send those headers, and the CSP header that holds the workers to the site (see response-headers.ts).
 * - Updates: a new build installs beside the old one and waits; the page offers a reload, and on the learner's
 *   word (a SKIP_WAITING message) the new version takes over. Workbox then deletes what the old one cached and
 *   the new one does not use. Caches this worker does not own (the Python start-up snapshot) are left alone.
 */
import { clientsClaim } from 'workbox-core';
import type { PrecacheEntry } from 'workbox-precaching';
import { addPlugins, cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { withCourseHeaders } from './response-headers';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

// Every precached response gets the course's headers on its way to the page.
addPlugins([{ handlerWillRespond: async ({ response }) => withCourseHeaders(response) }]);

precacheAndRoute(self.__WB_MANIFEST, {
	directoryIndex: 'index.html',
	// Pagefind asks for its entry file with ?ts=<time> to dodge HTTP caches; the precached copy is the right one.
	ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^ts$/],
});
cleanupOutdatedCaches();

// Anything same-origin that is not precached (a file added after this build, the bench's pages): the network,
// with the course's headers too. Other origins are never handled: the course does not request them, and neither
// is the shipped interpreter snapshot (python-snapshot/, 6 MB, fetched once by a first visit): it goes to the
// network directly rather than through this worker.
const SHIPPED_SNAPSHOTS = new URL('python-snapshot/', self.registration.scope).pathname;
registerRoute(
	({ url, request }) =>
		url.origin === self.location.origin && request.method === 'GET' && !url.pathname.startsWith(SHIPPED_SNAPSHOTS),
	async ({ request }) => withCourseHeaders(await fetch(request))
);

// Offline and not precached: say so plainly instead of the browser's error page.
setCatchHandler(async ({ request }) => {
	if (request.mode !== 'navigate') return Response.error();
	return withCourseHeaders(
		new Response(
			'<!doctype html><html lang="en"><meta charset="utf-8"><title>Offline</title>' +
				'<p>You are offline, and this address is not part of the course saved on this device. ' +
				`Every lesson is: go back to the <a href="${self.registration.scope}">course home</a>.</p></html>`,
			{ status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } }
		)
	);
});

// The first version takes control of open pages at once (nothing to replace); later ones wait for the learner.
clientsClaim();
self.addEventListener('message', (event: ExtendableMessageEvent) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

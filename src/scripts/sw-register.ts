/**
 * Registers the service worker (src/sw/service-worker.ts, built to /sw.js) in the built site, with Workbox's
 * page-side helper, and handles what the learner sees of it:
 * - On a host that does not send COOP/COEP the page is not cross-origin isolated, so Stop and input() cannot work.
 *   The service worker adds those headers, so once it controls the page one reload isolates it (once per tab
 *   session, so a host where it cannot work never loops).
 * - A new version of the course waits until the learner accepts it: a notice offers the reload that brings it.
 * On an already isolated page, registering waits until a few seconds after Python has started (or the page is
 * idle for a while), so the first-visit download of the offline copy does not compete with the learner's first run.
 */
import { Workbox } from 'workbox-window';

/** The site's base path with a trailing slash (as src/data/course.ts url() builds it; that module is build-only). */
const BASE = import.meta.env.BASE_URL.replace(/\/?$/, '/');
const ISOLATION_RELOAD_KEY = 'python-lifecycle:isolation-reload';
/** How long after load a page whose Python has not started registers anyway (pages without cells never start it). */
const REGISTER_FALLBACK_MS = 5000;
/**
 * Pause between Python being ready and registering: the page's first run usually follows at once, and the offline
 * copy's download (17 MB) beside it cost a first visit about 0.1 s (npm run bench, cold).
 */
const AFTER_READY_MS = 3000;
/** Longest wait for a Python start already under way (a slow machine); the offline copy is still wanted. */
const PYTHON_START_LIMIT_MS = 60_000;

export function registerServiceWorker(): void {
	if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
	const workbox = new Workbox(`${BASE}sw.js`, { scope: BASE });
	workbox.addEventListener('waiting', () => offerUpdate(workbox));
	workbox.addEventListener('controlling', (event) => {
		if (event.isUpdate) location.reload(); // the learner accepted the new version
		else if (!crossOriginIsolated) reloadForIsolation();
	});
	const register = () => void workbox.register().catch(() => undefined); // no service worker: the site still works
	if (crossOriginIsolated) afterPythonStarted(register);
	else register();
}

/** Reload once so the page comes back through the service worker, with the isolation headers. */
function reloadForIsolation(): void {
	try {
		if (sessionStorage.getItem(ISOLATION_RELOAD_KEY)) return;
		sessionStorage.setItem(ISOLATION_RELOAD_KEY, '1');
	} catch {
		return; // without sessionStorage we cannot guard against a reload loop, so do not reload
	}
	location.reload();
}

/**
 * Run `then` once Python is ready on this page (the client's `python:ready` mark). A page whose Python has not
 * started a few seconds after load (no cell in view) registers then; one still starting waits for it, up to a
 * limit.
 */
function afterPythonStarted(then: () => void): void {
	let done = false;
	let observer: PerformanceObserver | undefined;
	const once = () => {
		if (done) return;
		done = true;
		observer?.disconnect();
		then();
	};
	const marked = (name: string) => performance.getEntriesByName(name, 'mark').length > 0;
	try {
		observer = new PerformanceObserver(() => {
			if (marked('python:ready')) setTimeout(once, AFTER_READY_MS);
		});
		observer.observe({ type: 'mark', buffered: true });
	} catch {
		// No mark observation: the checks below still register.
	}
	const waitSince = performance.now();
	const check = () => {
		const starting = marked('python:start') && !marked('python:ready');
		if (!starting || performance.now() - waitSince > PYTHON_START_LIMIT_MS) once();
		else setTimeout(check, 500);
	};
	const start = () => setTimeout(check, REGISTER_FALLBACK_MS);
	if (document.readyState === 'complete') start();
	else addEventListener('load', start, { once: true });
}

/** Tell the learner a new version is ready, with a button that brings it (the worker takes over, then we reload). */
function offerUpdate(workbox: Workbox): void {
	if (document.querySelector('[data-update-notice]')) return;
	const notice = document.createElement('div');
	notice.className = 'site-notice update-notice';
	notice.dataset['updateNotice'] = '';
	notice.setAttribute('role', 'status');
	const text = document.createElement('span');
	text.textContent = 'A new version of the course is ready. ';
	const button = document.createElement('button');
	button.type = 'button';
	button.textContent = 'Reload to update';
	button.addEventListener('click', () => {
		button.disabled = true;
		button.textContent = 'Updating…';
		workbox.messageSkipWaiting();
	});
	notice.append(text, button);
	document.querySelector('.site-header')?.after(notice);
}

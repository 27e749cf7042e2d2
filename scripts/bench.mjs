#!/usr/bin/env node
/**
 * `npm run bench`: how the course's live cells compare with bare Pyodide, measured in one run against one server.
 *   1. Time from navigation to the first cell's result, cold (fresh profile) and warm (second visit), for the
 *      playground and for a bare page that calls loadPyodide() on the main thread, interleaved run by run. The
 *      course's first visit restores the snapshot the site ships (dist/python-snapshot/, made at build time in
 *      headless Chromium) and keeps a copy in the Cache API (src/python/snapshot.ts), which the second visit
 *      restores; a third series blocks the shipped one and deletes the stored one after each visit, to time the
 *      fresh start that remains the fallback.
 *   2. The longest main-thread task during start-up and the first run (PerformanceObserver 'longtask').
 *   3. The JavaScript a lesson page loads before any interaction, Pyodide and the worker left out.
 *   4. The snapshot: its sizes (shipped gzipped, stored uncompressed), the time to store it after the first visit's ready,
 *      and the worker's start time (init to ready: read, check and restore) with and without it.
 *   5. Lighthouse (scripts/lighthouse.mjs) on the home page and that lesson, mobile and desktop, last.
 * The site's service worker runs as on the real site, unless BENCH_SERVICE_WORKER=block.
 * It prints a table with PASS/FAIL per budget and writes bench-results/latest.json. It reports, it does not gate:
 * the exit code is non-zero only when the bench itself crashed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { formatResults, runLighthouse } from './lighthouse.mjs';
import { freePort, startServer, stopServer, waitForServer } from './preview-server.mjs';
import { meetsGoals } from '../src/lib/lighthouse-summary.mjs';

/**
 * The site's service worker runs as on the real site; BENCH_SERVICE_WORKER=block measures without it (to tell its
 * share of the start-up time).
 */
const SERVICE_WORKERS = process.env.BENCH_SERVICE_WORKER === 'block' ? 'block' : 'allow';
const RUNS = Math.max(1, Math.floor(Number(process.env.BENCH_RUNS) || 5)); // default 5 runs per series
const TIMEOUT = 60_000; // every wait has one, so a broken page fails the bench instead of hanging it
const DIST = 'dist';
const BARE_DIR = join(DIST, 'bench-bare');
const RESULTS_FILE = 'bench-results/latest.json';
/** Every browser profile lives under here, so an interrupted bench can still delete them all on exit. */
const PROFILES = mkdtempSync(join(tmpdir(), 'bench-profiles-'));

const BUDGETS = {
	ratio: 0.5, // course at most half of bare Pyodide, cold and warm (issue 6)
	longTaskMs: 50, // no course main-thread task over this during start-up and the first run (issue 6)
	scriptGzipBytes: 60 * 1024, // JavaScript before interaction, judged on transfer (gzip) size
};

const LAUNCH_OPTIONS = {
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	headless: true,
	timeout: TIMEOUT,
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-quic',
		'--disable-dev-shm-usage',
	],
};

/**
 * The baseline: the plainest way to run one print with the same Pyodide files, on the main thread. It is written
 * into dist/ at bench time so the same server serves it with the same headers and caching as the course.
 */
const BARE_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Bare Pyodide (bench baseline)</title>
<pre id="out"></pre>
<script type="module">
	import { loadPyodide } from '/pyodide/pyodide.mjs';
	const out = document.getElementById('out');
	const py = await loadPyodide({ indexURL: '/pyodide/' });
	py.setStdout({ batched: (s) => (out.textContent += s + '\\n') });
	py.runPython("print('Hello, world!')");
</script>
</html>
`;

/**
 * Runs in the page before its own scripts: records every long task (>= 50 ms) from the start, `buffered` so the
 * ones before the observer existed count too. The observer is kept so takeRecords() can flush the last entries.
 */
function recordLongTasks() {
	window.__longTasks = [];
	window.__longTaskObserver = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
	});
	window.__longTaskObserver.observe({ type: 'longtask', buffered: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Build and server

function ensureBuild() {
	if (existsSync(join(DIST, 'index.html'))) return;
	console.log('dist/ is missing: building the site first…');
	const result = spawnSync('npx', ['astro', 'build'], {
		stdio: 'inherit',
		env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
		timeout: 300_000,
	});
	if (result.status !== 0)
		throw new Error(`astro build failed (exit ${result.status ?? result.signal})`);
}

// ---------------------------------------------------------------------------------------------------------------
// Timed visits

const EVERY_FRAME = { polling: 'raf', timeout: TIMEOUT };

/**
 * Course: open the playground, click Run the moment it is enabled, wait for "Hello" in a finished cell.
 * The waits poll every animation frame: Playwright's own retries back off up to 500 ms, which would swamp
 * the difference being measured.
 */
async function visitCourse(page, base) {
	await page.goto(`${base}/playground/`, { waitUntil: 'commit', timeout: TIMEOUT });
	await runFirstCell(page);
	// How Python started (the client's `python:ready` mark): snapshot or fresh, and the worker's start time.
	return page.evaluate(() => performance.getEntriesByName('python:ready').at(-1)?.detail ?? null);
}

async function runFirstCell(page) {
	await page.waitForFunction(
		() => document.querySelector('python-cell button[data-action="run"]')?.disabled === false,
		null,
		EVERY_FRAME
	);
	await page.getByRole('button', { name: 'Run', exact: true }).click({ timeout: TIMEOUT });
	await page.waitForFunction(
		() =>
			[...document.querySelectorAll('python-cell[data-state="done"] .cell-output')].some((output) =>
				output.textContent.includes('Hello')
			),
		null,
		EVERY_FRAME
	);
}

/** Bare: the page runs by itself; wait for its print. */
async function visitBare(page, base) {
	await page.goto(`${base}/bench-bare/`, { waitUntil: 'commit', timeout: TIMEOUT });
	await page.waitForFunction(
		() => document.getElementById('out')?.textContent.includes('Hello'),
		null,
		EVERY_FRAME
	);
}

const VISITS = { course: visitCourse, fresh: visitCourse, bare: visitBare };
/** The series: the course as built, the course with its stored snapshot deleted (a fresh start), and bare Pyodide. */
const KINDS = ['course', 'fresh', 'bare'];
const KIND_LABELS = { course: 'course', fresh: 'course, no snapshot', bare: 'bare Pyodide' };

/** One timed visit from a blank tab: milliseconds from goto to result, and the page's long tasks. */
async function timedVisit(page, base, kind) {
	// Start from about:blank so tearing down the previous page (and its worker) is not timed.
	await page.goto('about:blank', { timeout: TIMEOUT });
	const started = performance.now();
	const start = await VISITS[kind](page, base);
	const ms = performance.now() - started;
	const tasks = await page.evaluate(() => [
		...window.__longTasks,
		...window.__longTaskObserver.takeRecords().map((entry) => entry.duration),
	]);
	// Untimed: a fresh or shipped start stores its snapshot after the first result; the learner stays that long.
	const stored = start?.startedFrom === 'fresh' || start?.startedFrom === 'shipped' ? await snapshotStored(page) : undefined;
	if (kind === 'fresh') await page.evaluate(() => caches.delete('python-snapshot-v1'));
	return {
		ms,
		...(start ? { startedFrom: start.startedFrom, workerStartMs: start.startMs } : {}),
		...(start?.snapshotBytes ? { restoredBytes: start.snapshotBytes, restoreMs: start.restoreMs } : {}),
		...(start?.snapshotError ? { snapshotError: start.snapshotError } : {}),
		...(stored ? { stored } : {}),
		longestTaskMs: Math.max(0, ...tasks),
		tasksOver50: tasks.filter((d) => d > 50).length,
	};
}

/** The worker's report of the snapshot it stored ({ bytes, ms }), or { failed } when it could not. */
async function snapshotStored(page) {
	const handle = await page.waitForFunction(
		() => {
			const mark = (name) => performance.getEntriesByName(name).at(-1)?.detail;
			const failed = mark('python:snapshot-store-failed');
			return mark('python:snapshot-stored') ?? (failed ? { failed: failed.message } : null);
		},
		null,
		{ polling: 100, timeout: TIMEOUT }
	);
	return handle.jsonValue();
}

/** Run `use(context)` in a browser with a new, empty profile (so an empty HTTP cache), then delete it. */
async function withFreshProfile(use) {
	const profile = mkdtempSync(join(PROFILES, 'profile-'));
	let context;
	try {
		context = await chromium.launchPersistentContext(profile, { ...LAUNCH_OPTIONS, serviceWorkers: SERVICE_WORKERS });
		return await use(context);
	} finally {
		await context?.close();
		rmSync(profile, { recursive: true, force: true });
	}
}

/** Untimed pause between the first and the second visit, the same for every series. */
const SETTLE_MS = 8000;

/**
 * Untimed, between the two visits: when the page registers the site's service worker (the course's pages do, a few
 * seconds after Python is ready), wait until it has finished installing (precaching the course, about 17 MB), then
 * let the browser settle for SETTLE_MS, whatever the page. A learner's second visit comes later than a bench's.
 * Measured: right after the install, the browser's own background work on what was just cached (not the service
 * worker's request path: a compile of the cached wasm takes the same ~55 ms with and without it) still slowed the
 * next start by about 0.3 s (restored) to 0.8 s (fresh); after 8 s it no longer does.
 */
async function settleBetweenVisits(page, kind) {
	if (SERVICE_WORKERS !== 'block' && kind !== 'bare') {
		await page.waitForFunction(
			async () => {
				const registration = await navigator.serviceWorker?.getRegistration();
				return registration?.active?.state === 'activated' && !registration.installing;
			},
			null,
			{ polling: 200, timeout: TIMEOUT }
		);
	}
	await page.waitForTimeout(SETTLE_MS);
}

/** The cold visit in a fresh profile, then a second visit in the same profile for the warm one. */
function coldAndWarm(base, kind) {
	return withFreshProfile(async (context) => {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.addInitScript(recordLongTasks);
		// The fallback series: no shipped snapshot either (as in a build without Chromium, or another browser).
		if (kind === 'fresh') await context.route('**/python-snapshot/shipped-*', (route) => route.fulfill({ status: 404 }));
		const cold = await timedVisit(page, base, kind);
		await settleBetweenVisits(page, kind);
		const warm = await timedVisit(page, base, kind);
		return { cold, warm };
	});
}

/** RUNS pairs per page, alternating course and bare so drifting machine load hits both alike. */
async function timeBoth(base) {
	const series = Object.fromEntries(KINDS.map((kind) => [kind, { cold: [], warm: [] }]));
	for (let run = 1; run <= RUNS; run++) {
		for (const kind of KINDS) {
			const result = await coldAndWarm(base, kind);
			series[kind].cold.push(result.cold);
			series[kind].warm.push(result.warm);
			console.log(
				`  run ${run}/${RUNS} ${kind.padEnd(6)} cold ${fmtMs(result.cold.ms)} ms, warm ${fmtMs(result.warm.ms)} ms`
			);
		}
	}
	return series;
}

// ---------------------------------------------------------------------------------------------------------------
// Script before interaction

/** The first lesson linked from the home page, or the playground when there is no lesson yet. */
async function lessonUrl(context, base) {
	const page = await context.newPage();
	try {
		await page.goto(`${base}/`, { timeout: TIMEOUT });
		// The page has loaded, so a missing link is really missing: count() answers without waiting.
		const link = page.locator('a[href*="/lessons/"]').first();
		const href = (await link.count())
			? await link.getAttribute('href', { timeout: TIMEOUT })
			: null;
		return href
			? { url: new URL(href, `${base}/`).href, isLesson: true }
			: { url: `${base}/playground/`, isLesson: false };
	} finally {
		await page.close();
	}
}

/** Python's own files: started by the cells when they scroll into view, budgeted separately (they are Pyodide). */
function isPythonRuntime(url) {
	const { pathname } = new URL(url);
	return pathname.startsWith('/pyodide/') || pathname.includes('worker');
}

function isScript(response) {
	const { pathname } = new URL(response.url());
	return response.request().resourceType() === 'script' || /\.m?js$/.test(pathname);
}

/** Every script body a page loads until the network is idle, without touching the page. */
function scriptsBeforeInteraction(base) {
	return withFreshProfile(async (context) => {
		const target = await lessonUrl(context, base);
		const page = await context.newPage();
		// Bodies are requested as the responses arrive: Playwright may drop them once the page moves on.
		const bodies = new Map();
		page.on('response', (response) => {
			if (!isScript(response) || isPythonRuntime(response.url())) return;
			// A redirect or failed load has no body, and no script bytes either.
			bodies.set(
				response.url(),
				response.body().catch(() => Buffer.alloc(0))
			);
		});
		await page.goto(target.url, { waitUntil: 'networkidle', timeout: TIMEOUT });
		const files = [];
		for (const [url, body] of bodies) {
			const bytes = await body;
			const gzipBytes = gzipSync(bytes, { level: 9 }).length;
			files.push({ path: new URL(url).pathname, bytes: bytes.length, gzipBytes });
		}
		files.sort((x, y) => y.bytes - x.bytes); // biggest first; arrival order varies run to run
		const total = (key) => files.reduce((sum, file) => sum + file[key], 0);
		const path = new URL(target.url).pathname;
		return { ...target, path, files, bytes: total('bytes'), gzipBytes: total('gzipBytes') };
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Summary and report

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarize(series) {
	const summary = {};
	for (const [kind, visits] of Object.entries(series)) {
		summary[kind] = {};
		for (const [when, runs] of Object.entries(visits)) {
			const longest = runs.map((r) => r.longestTaskMs);
			const workerStarts = runs.map((r) => r.workerStartMs).filter((ms) => ms !== undefined);
			const restores = runs.map((r) => r.restoreMs).filter((ms) => ms !== undefined);
			summary[kind][when] = {
				medianMs: median(runs.map((r) => r.ms)),
				...(workerStarts.length ? { workerStartMedianMs: median(workerStarts) } : {}),
				...(restores.length ? { restoreMedianMs: median(restores) } : {}),
				startedFrom: [...new Set(runs.map((r) => r.startedFrom).filter(Boolean))],
				longestTaskMedianMs: median(longest),
				longestTaskWorstMs: Math.max(...longest),
				tasksOver50Median: median(runs.map((r) => r.tasksOver50)),
			};
		}
	}
	return summary;
}

function judge(series, summary, scripts) {
	const ratio = (when) => summary.course[when].medianMs / summary.bare[when].medianMs;
	const worstTask = Math.max(
		summary.course.cold.longestTaskWorstMs,
		summary.course.warm.longestTaskWorstMs
	);
	const startedAs = (kind, when, from) => summary[kind][when].startedFrom.join('+') === from;
	const check = (name, value, limit, unit) => ({ name, value, limit, unit, pass: value <= limit });
	return [
		check('cold ratio course/bare', ratio('cold'), BUDGETS.ratio, ''),
		check('warm ratio course/bare', ratio('warm'), BUDGETS.ratio, ''),
		{ name: 'every first course visit restored the shipped snapshot and kept a copy', pass: startedAs('course', 'cold', 'shipped') && series.course.cold.every((r) => r.stored?.bytes > 0) },
		{ name: 'every second course visit restored it', pass: startedAs('course', 'warm', 'snapshot') },
		{ name: 'every visit without a snapshot (shipped one blocked, stored one deleted) started fresh', pass: startedAs('fresh', 'cold', 'fresh') && startedAs('fresh', 'warm', 'fresh') },
		check('longest course main-thread task', worstTask, BUDGETS.longTaskMs, 'ms'),
		check(
			`script before interaction (gzip, ${scripts.path})`,
			scripts.gzipBytes,
			BUDGETS.scriptGzipBytes,
			'B'
		),
	];
}

/** The browser's own version string: the user agent is frozen at "x.0.0.0" and says less. */
function chromiumVersion() {
	const { stdout } = spawnSync(LAUNCH_OPTIONS.executablePath, ['--version'], {
		encoding: 'utf8',
		timeout: 10_000,
	});
	return stdout?.trim() || 'Chromium (unknown version)';
}

const fmtMs = (ms) => Math.round(ms).toString();
const fmtBytes = (n) => `${n.toLocaleString('en-US')} B`;
const fmtValue = (value, unit) =>
	unit === 'B' ? fmtBytes(value) : unit === 'ms' ? `${fmtMs(value)} ms` : value.toFixed(2);
const WHEN_LABELS = { cold: 'cold (fresh profile)', warm: 'warm (second visit)' };
const columns = (label, course, bare, ratio, fresh, freshRatio) =>
	`${label.padEnd(40)}${course.padStart(8)}${bare.padStart(14)}${ratio.padStart(8)}${fresh.padStart(14)}${freshRatio.padStart(8)}`;

function timeLines({ course, fresh, bare }) {
	const lines = [
		columns(`Time to first result (median of ${RUNS}, ms)`, 'course', 'bare Pyodide', 'ratio', 'no snapshot', 'ratio'),
	];
	for (const [when, label] of Object.entries(WHEN_LABELS)) {
		const ratio = (series) => (series[when].medianMs / bare[when].medianMs).toFixed(2);
		lines.push(
			columns(
				`  ${label}`,
				fmtMs(course[when].medianMs),
				fmtMs(bare[when].medianMs),
				ratio(course),
				fmtMs(fresh[when].medianMs),
				ratio(fresh)
			)
		);
	}
	lines.push(
		'  cold: a new browser profile, empty caches: Python restores the snapshot the site ships (made at build',
		'  time in headless Chromium) and keeps a copy. warm: a second visit in that profile, which restores the copy.',
		'  no snapshot: the shipped snapshot blocked and the stored copy deleted after each visit: every start fresh.'
	);
	return lines;
}

function snapshotLines(snapshot, { course, fresh }) {
	const lines = ['Interpreter snapshot (shipped gzipped in dist/python-snapshot/; a copy kept in the Cache API)'];
	if (!snapshot) return [...lines, '  NONE STORED'];
	lines.push(
		`  shipped: ${snapshot.shippedBytes ? fmtBytes(snapshot.shippedBytes) : 'NONE'} gzipped; ` +
			`${fmtBytes(snapshot.bytes)} restored and kept (uncompressed, with its SHA-256), ` +
			`stored ${fmtMs(snapshot.storeMedianMs)} ms after the first visit's ready (median, off the first result's path)`,
		'  Worker start, init to ready (median ms): read + check + restore, against a fresh start',
		`    cold  ${course.cold.startedFrom.join('+')} ${fmtMs(course.cold.workerStartMedianMs ?? NaN)}` +
			`   no snapshot ${fmtMs(fresh.cold.workerStartMedianMs ?? NaN)}`,
		`    warm  ${course.warm.startedFrom.join('+')} ${fmtMs(course.warm.workerStartMedianMs ?? NaN)}` +
			`   no snapshot ${fmtMs(fresh.warm.workerStartMedianMs ?? NaN)}`,
		`  Restore alone (median ms, snapshot bytes in hand to a usable interpreter): cold ${fmtMs(course.cold.restoreMedianMs ?? NaN)}, warm ${fmtMs(course.warm.restoreMedianMs ?? NaN)}`
	);
	return lines;
}

/** What the first visits stored: sizes, and the median time to compress and store. */
function storedSnapshot(series) {
	const stored = series.course.cold.map((r) => r.stored).filter((s) => s?.bytes);
	if (!stored.length) return null;
	const shipped = existsSync(join(DIST, 'python-snapshot'))
		? readdirSync(join(DIST, 'python-snapshot')).filter((name) => name.startsWith('shipped-'))
		: [];
	return {
		bytes: stored.at(-1).bytes,
		shippedBytes: shipped.length ? statSync(join(DIST, 'python-snapshot', shipped[0])).size : 0,
		storeMedianMs: median(stored.map((s) => s.ms)),
	};
}

function taskLines({ course, fresh, bare }) {
	const describe = (s) =>
		`median ${fmtMs(s.longestTaskMedianMs)}, worst ${fmtMs(s.longestTaskWorstMs)}` +
		`, ${s.tasksOver50Median} over 50 ms`;
	const lines = ['Longest main-thread task, start-up to first result (ms)'];
	for (const when of Object.keys(WHEN_LABELS)) {
		lines.push(`  ${when}  course:      ${describe(course[when])}`);
		lines.push(`        no snapshot: ${describe(fresh[when])}`);
		lines.push(`        bare:        ${describe(bare[when])}`);
	}
	return lines;
}

function scriptLines(scripts) {
	const lines = [`Script before interaction (${scripts.path}, excluding /pyodide/ and the worker)`];
	if (!scripts.isLesson) {
		lines.push('  NOTE: no lesson is linked from the home page yet, so this is /playground/');
	}
	const count = `${scripts.files.length} files`;
	lines.push(`  ${fmtBytes(scripts.bytes)} (${fmtBytes(scripts.gzipBytes)} gzip), ${count}`);
	for (const file of scripts.files) {
		const sizes = `${fmtBytes(file.bytes).padStart(12)} ${fmtBytes(file.gzipBytes).padStart(12)} gzip`;
		lines.push(`    ${sizes}  ${file.path}`);
	}
	return lines;
}

function rawLines(series) {
	const lines = ['Raw runs: ms to result  |  longest task ms / tasks > 50 ms'];
	for (const kind of KINDS) {
		for (const when of Object.keys(WHEN_LABELS)) {
			const runs = series[kind][when];
			const times = runs.map((r) => fmtMs(r.ms)).join(', ');
			const tasks = runs.map((r) => `${fmtMs(r.longestTaskMs)}/${r.tasksOver50}`).join(', ');
			lines.push(`  ${`${kind} ${when}`.padEnd(12)} ${times}  |  ${tasks}`);
		}
	}
	return lines;
}

function budgetLines(budgets) {
	return [
		'Budgets',
		...budgets.map((b) =>
			b.limit === undefined
				? `  ${b.pass ? 'PASS' : 'FAIL'}  ${b.name}`
				: `  ${b.pass ? 'PASS' : 'FAIL'}  ${b.name}: ${fmtValue(b.value, b.unit)}` +
					` (limit ${fmtValue(b.limit, b.unit)})`
		),
	];
}

function printReport({ chromium: browser, pyodide, series, summary, scripts, snapshot, lighthouse, budgets }) {
	const header =
		`${browser}, Pyodide ${pyodide}; course = /playground/, bare = /bench-bare/; ` +
		`service worker: ${SERVICE_WORKERS === 'block' ? 'BLOCKED (BENCH_SERVICE_WORKER=block)' : 'running'}`;
	const sections = [
		[header],
		timeLines(summary),
		snapshotLines(snapshot, summary),
		taskLines(summary),
		scriptLines(scripts),
		rawLines(series),
		['Lighthouse 12 (scores 0-100; mobile is its default: simulated slow 4G, 4x CPU slowdown)', ...formatResults(lighthouse).map((line) => `  ${line}`)],
		budgetLines(budgets),
	];
	console.log(`\n${sections.map((lines) => lines.join('\n')).join('\n\n')}`);
}

function writeResults(results) {
	mkdirSync('bench-results', { recursive: true });
	writeFileSync(RESULTS_FILE, JSON.stringify(results, null, '\t') + '\n');
	console.log(`\nResults written to ${RESULTS_FILE}`);
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
	let server;
	// On Ctrl-C, a kill or a crash the finally below may never run; the 'exit' hook still removes the server
	// and the browser profiles.
	process.once('exit', () => {
		server?.child.kill('SIGKILL');
		rmSync(PROFILES, { recursive: true, force: true });
	});
	process.once('SIGINT', () => process.exit(130));
	process.once('SIGTERM', () => process.exit(143));
	ensureBuild();
	mkdirSync(BARE_DIR, { recursive: true });
	writeFileSync(join(BARE_DIR, 'index.html'), BARE_PAGE);
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	server = startServer(port);
	try {
		await waitForServer(server, `${base}/`);
		console.log(
			`Serving dist/ at ${base}; ${RUNS} cold+warm runs each for ${KINDS.map((k) => KIND_LABELS[k]).join(', ')}, interleaved`
		);
		const series = await timeBoth(base);
		console.log('  measuring script before interaction…');
		const scripts = await scriptsBeforeInteraction(base);
		// Last, on an otherwise idle machine: Lighthouse's simulated throttling assumes one.
		console.log('  running Lighthouse (the home page and that lesson, mobile and desktop)…');
		// The lesson measured above. A Lighthouse failure is reported, not allowed to lose the timings.
		const lighthouse = await runLighthouse(base, ['/', scripts.path]).catch((error) => {
			console.log(`  Lighthouse could not run: ${error?.message ?? error}`);
			return [];
		});
		const summary = summarize(series);
		const budgets = judge(series, summary, scripts);
		budgets.push({
			name: 'Lighthouse: 100 accessibility, best practices, SEO; performance >= 95 (every page and form factor)',
			pass: lighthouse.length > 0 && lighthouse.every(meetsGoals),
		});
		const results = {
			date: new Date().toISOString(),
			runs: RUNS,
			chromium: chromiumVersion(),
			serviceWorkers: SERVICE_WORKERS,
			pyodide: JSON.parse(readFileSync('node_modules/pyodide/package.json', 'utf8')).version,
			budgets,
			summary,
			scripts,
			snapshot: storedSnapshot(series),
			lighthouse,
			series,
		};
		printReport(results);
		writeResults(results);
	} finally {
		await stopServer(server);
		rmSync(BARE_DIR, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`bench crashed: ${error?.stack ?? error}`);
	process.exit(1);
});

/**
 * Parallelism the browser way (`widget="parallel"`). The cell runs as usual in the page's interpreter; then the
 * widget offers to time the same code in N fresh interpreters, each a PythonClient in its own Web Worker (N from
 * navigator.hardwareConcurrency, at most 4, at least 2): worker 1 runs it N times in a row, then all N workers run
 * it once at the same time. Start-up and one warm-up run per worker are reported, not counted. The workers are
 * disposed when the measurement ends, fails, is cancelled, or the cell runs again (each interpreter is large).
 * Drawn by src/widgets/parallel-view.ts.
 */
import '../../styles/widgets.css';
import '../../styles/widget-parallel.css';
import { PythonClient, pyodideIndexURL, type RunOutcome } from '../../python/client';
import {
	formatMs,
	progressText,
	render,
	renderProblem,
	doneText,
	type ParallelTiming,
	type Progress,
} from '../../widgets/parallel-view';
import type { Widget } from './types';

/** The part of PythonClient a measurement uses (a fake in the unit tests). */
export interface ParallelClient {
	start(): Promise<unknown>;
	run(request: {
		code: string;
		filename: string;
		namespace: 'fresh';
		outputLimit: number;
		timeoutMs: number;
	}): {
		done: Promise<RunOutcome>;
	};
	dispose(message?: string): void;
}

export interface MeasureOptions {
	code: string;
	filename: string;
	workers: number;
	hardwareConcurrency: number | null;
	createClient: (index: number) => ParallelClient;
	/** Each run must end within this; a run over it stops the measurement. */
	runBudgetMs: number;
	/** All the interpreters must have loaded within this. */
	loadBudgetMs: number;
	onProgress?: (progress: Progress) => void;
	signal?: AbortSignal;
	now?: () => number;
}

/** A measurement that could not finish, with a message for the learner. */
export class ParallelError extends Error {
	override name = 'ParallelError';
}

export const RUN_BUDGET_MS = 10_000;
export const LOAD_BUDGET_MS = 120_000;
export const MAX_WORKERS = 4;
/** The workers print nowhere: keep what they send back small. */
const OUTPUT_LIMIT = 1000;

/** N: the browser's logical processors, at most MAX_WORKERS, and at least 2 so that there is something to compare. */
export function defaultWorkers(hardwareConcurrency: number | null | undefined): number {
	const cores =
		typeof hardwareConcurrency === 'number' && hardwareConcurrency > 0 ? hardwareConcurrency : 2;
	return Math.max(2, Math.min(cores, MAX_WORKERS));
}

/** A run's own time, or the reason it does not count. */
export function runTime(outcome: RunOutcome, worker: number, budgetMs: number): number {
	const where = `in worker ${worker}`;
	switch (outcome.status) {
		case 'ok':
		case 'exit':
			return outcome.durationMs;
		case 'error':
			return fail(`Your code raised ${outcome.error.type} ${where}: ${outcome.error.message}`);
		case 'interrupted':
			return fail(
				`A run ${where} went over the ${formatMs(budgetMs)} budget and was stopped: make the work smaller and run the cell again.`
			);
		case 'restarted':
			return fail(
				outcome.cause === 'timeout'
					? `A run ${where} went over the ${formatMs(budgetMs)} budget and was stopped: make the work smaller and run the cell again.`
					: `Worker ${worker} stopped: ${outcome.message}`
			);
		case 'load-failed':
			return fail(`Worker ${worker} could not start Python: ${outcome.message}`);
	}
}

function fail(message: string): never {
	throw new ParallelError(message);
}

async function withBudget<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const expired = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new ParallelError(message)), ms);
	});
	try {
		return await Promise.race([promise, expired]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Time `code` in 1 worker (N runs in a row) against N workers (1 run each, at once). Every client is disposed at
 * the end, whatever happens. Throws ParallelError with a message for the learner.
 */
export async function measureParallel(options: MeasureOptions): Promise<ParallelTiming> {
	const { code, filename, workers: n, runBudgetMs, signal } = options;
	const now = options.now ?? (() => performance.now());
	const clients = Array.from({ length: n }, (_, i) => options.createClient(i));
	// Cancelling disposes the workers and ends every wait at once, even one a worker would never answer.
	let onAbort: () => void = () => undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => {
			for (const client of clients) client.dispose('The timing was cancelled.');
			reject(new ParallelError('The timing was cancelled.'));
		};
	});
	aborted.catch(() => undefined);
	signal?.addEventListener('abort', onAbort, { once: true });
	const unlessCancelled = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, aborted]);
	const checkCancelled = () => {
		if (signal?.aborted) fail('The timing was cancelled.');
	};
	const runOnce = async (index: number): Promise<number> => {
		const outcome = await unlessCancelled(
			clients[index]!.run({
				code,
				filename,
				namespace: 'fresh',
				outputLimit: OUTPUT_LIMIT,
				timeoutMs: runBudgetMs,
			}).done
		);
		checkCancelled();
		return runTime(outcome, index + 1, runBudgetMs);
	};
	try {
		checkCancelled();
		// 1. Start every interpreter (in parallel: only the loading is timed here, and it is not counted).
		let ready = 0;
		options.onProgress?.({ phase: 'loading', ready, total: n });
		const loadStarted = now();
		await withBudget(
			unlessCancelled(
				Promise.all(
					clients.map((client, i) =>
						client.start().then(
							() => {
								ready += 1;
								options.onProgress?.({ phase: 'loading', ready, total: n });
							},
							(error: unknown) => {
								checkCancelled();
								fail(
									`Worker ${i + 1} could not start Python: ${error instanceof Error ? error.message : String(error)}`
								);
							}
						)
					)
				)
			),
			options.loadBudgetMs,
			`The ${n} interpreters did not all load within ${formatMs(options.loadBudgetMs)}.`
		);
		const startupMs = now() - loadStarted;
		checkCancelled();
		// 2. Warm up: every worker runs the code once, so both sides below time interpreters in the same state.
		options.onProgress?.({ phase: 'warmup', total: n });
		const warmupMs = await Promise.all(clients.map((_, i) => runOnce(i)));
		// 3. One worker, N runs in a row.
		const sequentialRuns: number[] = [];
		options.onProgress?.({ phase: 'sequential', done: 0, total: n });
		const sequentialStarted = now();
		for (let i = 0; i < n; i += 1) {
			sequentialRuns.push(await runOnce(0));
			options.onProgress?.({ phase: 'sequential', done: i + 1, total: n });
		}
		const sequentialWall = now() - sequentialStarted;
		// 4. N workers, one run each, sent together.
		let finished = 0;
		options.onProgress?.({ phase: 'parallel', done: 0, total: n });
		const parallelStarted = now();
		const parallelRuns = await Promise.all(
			clients.map((_, i) =>
				runOnce(i).then((ms) => {
					finished += 1;
					options.onProgress?.({ phase: 'parallel', done: finished, total: n });
					return ms;
				})
			)
		);
		const parallelWall = now() - parallelStarted;
		return {
			workers: n,
			hardwareConcurrency: options.hardwareConcurrency,
			startupMs,
			warmupMs,
			sequential: { wallMs: sequentialWall, runsMs: sequentialRuns },
			parallel: { wallMs: parallelWall, runsMs: parallelRuns },
			speedup: parallelWall > 0 ? sequentialWall / parallelWall : Number.NaN,
		};
	} finally {
		signal?.removeEventListener('abort', onAbort);
		for (const client of clients) client.dispose('The timing is over.');
	}
}

/** A fresh interpreter in its own worker: the same worker script and runtime as the page's own. */
function freshClient(index: number): ParallelClient {
	return new PythonClient(
		pyodideIndexURL(import.meta.env.BASE_URL, location.origin),
		() =>
			new Worker(new URL('../../python/worker.ts', import.meta.url), {
				type: 'module',
				name: `python-parallel-${index + 1}`,
			})
	);
}

function hardwareConcurrency(): number | null {
	const cores = navigator.hardwareConcurrency;
	return typeof cores === 'number' && cores > 0 ? cores : null;
}

/** The measurement running for each cell, cancelled when the cell runs again. */
const sessions = new WeakMap<HTMLElement, AbortController>();
/** The learner's choice of N, per cell, kept across runs. */
const chosenWorkers = new WeakMap<HTMLElement, number>();
let controlIds = 0;

function buttonText(n: number): string {
	return `Time it: 1 worker against ${n} workers`;
}

const parallel: Widget = {
	async update({ code, filename, outcome, panel, cell }) {
		sessions.get(cell)?.abort();
		sessions.delete(cell);
		const document = panel.ownerDocument;
		if (outcome.status !== 'ok') {
			panel.replaceChildren(
				renderProblem(
					outcome.status === 'error'
						? 'Your code raised an exception in the page, so there is nothing to time: fix it and run the cell again.'
						: 'The run did not finish normally, so there is nothing to time: run the cell again.',
					{ document }
				)
			);
			return;
		}
		if (outcome.durationMs > RUN_BUDGET_MS / 2) {
			panel.replaceChildren(
				renderProblem(
					`Your code took ${formatMs(outcome.durationMs)} here; the timing runs it several times in each worker and stops any run over ${formatMs(RUN_BUDGET_MS)}. Make the work smaller (under ${formatMs(RUN_BUDGET_MS / 2)}) and run the cell again.`,
					{ document }
				)
			);
			return;
		}
		const cores = hardwareConcurrency();
		let workers = chosenWorkers.get(cell) ?? defaultWorkers(cores);
		controlIds += 1;
		const selectId = `parallel-workers-${controlIds}`;

		const intro = document.createElement('p');
		intro.className = 'parallel-intro';
		intro.textContent =
			'Time this code in fresh interpreters, each in its own Web Worker: one worker runs it N times in a row, ' +
			'then N workers run it once each, at the same time. Each interpreter takes a few seconds and a lot of memory ' +
			'to start, so they are closed as soon as the timing ends.';

		const controls = document.createElement('div');
		controls.className = 'parallel-controls';
		const label = document.createElement('label');
		label.htmlFor = selectId;
		label.textContent = 'Workers (N): ';
		const select = document.createElement('select');
		select.id = selectId;
		for (let value = 2; value <= MAX_WORKERS; value += 1) {
			const option = document.createElement('option');
			option.value = String(value);
			option.textContent =
				cores !== null && value === Math.min(cores, MAX_WORKERS)
					? `${value} (your cores)`
					: String(value);
			option.selected = value === workers;
			select.append(option);
		}
		const start = document.createElement('button');
		start.type = 'button';
		start.dataset['parallelStart'] = '';
		start.textContent = buttonText(workers);
		const cancel = document.createElement('button');
		cancel.type = 'button';
		cancel.dataset['parallelCancel'] = '';
		cancel.textContent = 'Cancel timing';
		cancel.hidden = true;
		controls.append(label, select, start, cancel);

		const status = document.createElement('p');
		status.className = 'parallel-status';
		status.setAttribute('role', 'status');
		status.textContent =
			cores === null
				? 'Your browser does not report its number of logical processors; N defaults to 2.'
				: `Your browser reports ${cores} logical ${cores === 1 ? 'processor' : 'processors'}.`;

		const result = document.createElement('div');
		result.className = 'parallel-output';

		select.addEventListener('change', () => {
			workers = Number(select.value);
			chosenWorkers.set(cell, workers);
			start.textContent = buttonText(workers);
		});

		const measure = async () => {
			if (sessions.has(cell)) return;
			const session = new AbortController();
			sessions.set(cell, session);
			// Running the cell again ends the timing at once: the workers would compete with the page for the cores.
			const rerun = new MutationObserver(() => {
				if (/^(running|loading)$/.test(cell.dataset['state'] ?? '')) session.abort();
			});
			rerun.observe(cell, { attributes: true, attributeFilter: ['data-state'] });
			start.setAttribute('aria-disabled', 'true');
			select.disabled = true;
			cancel.hidden = false;
			result.replaceChildren();
			result.setAttribute('aria-busy', 'true');
			try {
				const timing = await measureParallel({
					code,
					filename,
					workers,
					hardwareConcurrency: cores,
					createClient: freshClient,
					runBudgetMs: RUN_BUDGET_MS,
					loadBudgetMs: LOAD_BUDGET_MS,
					signal: session.signal,
					onProgress: (progress) => {
						status.textContent = progressText(progress);
					},
				});
				if (session.signal.aborted) return;
				result.replaceChildren(render(timing, { document }));
				status.textContent = doneText(timing);
			} catch (error) {
				if (!panel.isConnected) return;
				const message = error instanceof Error ? error.message : String(error);
				status.textContent = session.signal.aborted
					? 'The timing was cancelled; the workers were closed.'
					: 'The timing could not finish.';
				if (!session.signal.aborted) result.replaceChildren(renderProblem(message, { document }));
			} finally {
				rerun.disconnect();
				if (sessions.get(cell) === session) sessions.delete(cell);
				result.removeAttribute('aria-busy');
				start.removeAttribute('aria-disabled');
				select.disabled = false;
				const hadFocus = document.activeElement === cancel;
				cancel.hidden = true;
				if (hadFocus) start.focus();
			}
		};
		start.addEventListener('click', () => void measure());
		cancel.addEventListener('click', () => sessions.get(cell)?.abort());
		panel.replaceChildren(intro, controls, status, result);
	},
};

// Leaving the page closes any extra interpreters at once.
globalThis.addEventListener?.('pagehide', () => {
	for (const cell of document.querySelectorAll<HTMLElement>('python-cell[data-widget="parallel"]'))
		sessions.get(cell)?.abort();
});

export default parallel;

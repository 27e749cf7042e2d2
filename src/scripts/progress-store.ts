/**
 * The browser's copy of the learner's progress (see src/lib/progress.ts for the shape and validation).
 * Stored in localStorage; if storage is unavailable (private mode, quota), progress lives for the page only.
 * Listeners hear every change, so sidebar marks and the progress page stay in step with quizzes.
 */
import { emptyProgress, parseProgress, type Progress, type ReadProblem } from '../lib/progress';

export const STORAGE_KEY = 'python-lifecycle:progress';

let cache: Progress | null = null;
let problem: ReadProblem | null = null;
const listeners = new Set<(progress: Progress) => void>();

function storage(): Storage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null;
	}
}

/** The current progress; the first read validates storage and replaces bad data. */
export function readProgress(): Progress {
	if (cache) return cache;
	let raw: string | null = null;
	try {
		raw = storage()?.getItem(STORAGE_KEY) ?? null;
	} catch {
		raw = null;
	}
	const parsed = parseProgress(raw);
	cache = parsed.progress;
	problem = parsed.problem;
	if (problem) write(cache);
	return cache;
}

/** Why stored progress was replaced on this page load, if it was. */
export function readProblem(): ReadProblem | null {
	readProgress();
	return problem;
}

function write(progress: Progress): void {
	try {
		storage()?.setItem(STORAGE_KEY, JSON.stringify(progress));
	} catch {
		// Storage full or blocked: keep the in-memory copy; nothing the learner did is lost on this page.
	}
}

/** Apply a change, save it, and tell listeners. */
export function updateProgress(change: (progress: Progress) => Progress): Progress {
	cache = change(readProgress());
	write(cache);
	for (const listener of listeners) listener(cache);
	return cache;
}

/** Replace everything (import, reset). */
export function replaceProgress(progress: Progress | null): Progress {
	return updateProgress(() => progress ?? emptyProgress());
}

export function onProgress(listener: (progress: Progress) => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

// Another tab changed progress: drop our copy so the next read sees theirs.
globalThis.addEventListener?.('storage', (event: StorageEvent) => {
	if (event.key !== STORAGE_KEY) return;
	cache = null;
	const progress = readProgress();
	for (const listener of listeners) listener(progress);
});

/**
 * Runs on every page: the theme toggle, the completion marks in the sidebar, the notice shown when stored
 * progress could not be read and was reset, and the service worker (offline copy, isolation, updates).
 */
import { lessonStatus } from '../lib/progress';
import { onProgress, readProblem, readProgress } from './progress-store';
import { registerServiceWorker } from './sw-register';

const THEME_KEY = 'python-lifecycle:theme';

function currentTheme(): 'light' | 'dark' {
	const chosen = document.documentElement.dataset['theme'];
	if (chosen === 'light' || chosen === 'dark') return chosen;
	return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function setupThemeToggle(): void {
	const button = document.querySelector<HTMLButtonElement>('[data-theme-toggle]');
	if (!button) return;
	const sync = () => button.setAttribute('aria-pressed', String(currentTheme() === 'dark'));
	sync();
	button.disabled = false;
	button.addEventListener('click', () => {
		const next = currentTheme() === 'dark' ? 'light' : 'dark';
		document.documentElement.dataset['theme'] = next;
		try {
			localStorage.setItem(THEME_KEY, next);
		} catch {
			// The choice lasts for this page only.
		}
		sync();
	});
	matchMedia('(prefers-color-scheme: dark)').addEventListener('change', sync);
}

/** Mark lessons complete in the sidebar and lesson lists (`[data-lesson-link]` elements). */
function showCompletion(): void {
	const progress = readProgress();
	for (const link of document.querySelectorAll<HTMLElement>('[data-lesson-link]')) {
		const slug = link.dataset['lessonLink'] ?? '';
		const questions = (link.dataset['questions'] ?? '').split(' ').filter(Boolean);
		const status = lessonStatus(progress, slug, questions);
		link.dataset['complete'] = String(status.complete);
		const mark = link.querySelector<HTMLElement>('.lesson-mark');
		if (mark) {
			mark.textContent = status.complete ? '✓' : '';
			mark.title = status.complete ? 'Completed' : '';
		}
		const sr = link.querySelector<HTMLElement>('.lesson-status');
		if (sr) sr.textContent = status.complete ? ' (completed)' : '';
	}
}

function showResetNotice(): void {
	const problem = readProblem();
	const notice = document.querySelector<HTMLElement>('[data-progress-notice]');
	if (!problem || !notice) return;
	notice.textContent =
		problem === 'outdated'
			? 'Your saved progress came from an older version of the course and could not be used, so it was reset.'
			: 'Your saved progress could not be read (it was damaged), so it was reset. Everything else works as usual.';
	notice.hidden = false;
}

setupThemeToggle();
showResetNotice();
showCompletion();
onProgress(showCompletion);
registerServiceWorker();

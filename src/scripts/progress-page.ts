/** The progress page: fills in each lesson's status and wires export, import and reset. */
import { exportProgress, importProgress, lessonStatus } from '../lib/progress';
import { onProgress, readProgress, replaceProgress } from './progress-store';

function render(): void {
	const progress = readProgress();
	let complete = 0;
	const rows = document.querySelectorAll<HTMLElement>('[data-progress-row]');
	for (const row of rows) {
		const slug = row.dataset['progressRow'] ?? '';
		const questions = (row.dataset['questions'] ?? '').split(' ').filter(Boolean);
		const status = lessonStatus(progress, slug, questions);
		const answered = Object.keys(progress.lessons[slug]?.answers ?? {}).length;
		if (status.complete) complete++;
		row.dataset['complete'] = String(status.complete);
		const score = row.querySelector('[data-progress-score]');
		const text = row.querySelector('[data-progress-status]');
		if (score) score.textContent = `${status.correct} of ${status.total} correct`;
		if (text) text.textContent = status.complete ? '✓ Complete' : answered > 0 ? 'In progress' : 'Not started';
	}
	const summary = document.querySelector('[data-progress-summary]');
	const edited = Object.keys(progress.code).length;
	if (summary) {
		summary.textContent = `${complete} of ${rows.length} lessons complete. ${edited} edited cell${edited === 1 ? '' : 's'} saved.`;
	}
}

function say(text: string): void {
	const message = document.querySelector('[data-progress-message]');
	if (message) message.textContent = text;
}

function wire(): void {
	const exportButton = document.querySelector<HTMLButtonElement>('[data-export]');
	const importInput = document.querySelector<HTMLInputElement>('[data-import]');
	const resetButton = document.querySelector<HTMLButtonElement>('[data-reset]');
	if (exportButton) {
		exportButton.disabled = false;
		exportButton.addEventListener('click', () => {
			const blob = new Blob([exportProgress(readProgress())], { type: 'application/json' });
			const link = document.createElement('a');
			link.href = URL.createObjectURL(blob);
			link.download = 'python-lifecycle-progress.json';
			link.click();
			setTimeout(() => URL.revokeObjectURL(link.href), 1000);
			say('Progress exported to python-lifecycle-progress.json.');
		});
	}
	if (importInput) {
		importInput.disabled = false;
		importInput.addEventListener('change', async () => {
			const file = importInput.files?.[0];
			if (!file) return;
			try {
				replaceProgress(importProgress(await file.text()));
				say(`Progress imported from ${file.name}.`);
			} catch (error) {
				say(error instanceof Error ? error.message : String(error));
			}
			importInput.value = '';
		});
	}
	if (resetButton) {
		resetButton.disabled = false;
		resetButton.addEventListener('click', () => {
			if (!confirm('Forget all your answers and edited code in this browser?')) return;
			replaceProgress(null);
			say('Progress reset.');
		});
	}
}

wire();
render();
onProgress(render);

/**
 * What a cell says about a finished run: its final data-state, a one-line status, and notices shown under the
 * output. Pure, so every wording is pinned by a unit test.
 */
import type { RunOutcome } from '../python/client';

export interface Notice {
	text: string;
	tone: 'info' | 'warn' | 'error';
}

export interface DescribedOutcome {
	state: 'done' | 'error';
	status: string;
	notices: Notice[];
}

function duration(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function describeOutcome(outcome: RunOutcome, options: { timeoutSeconds?: number } = {}): DescribedOutcome {
	const notices: Notice[] = [];
	if ('truncated' in outcome && outcome.truncated) {
		notices.push({
			text: 'Output truncated: this run printed more than 100,000 characters, and only the first 100,000 are shown.',
			tone: 'warn',
		});
	}
	switch (outcome.status) {
		case 'ok':
			return { state: 'done', status: `Ran in ${duration(outcome.durationMs)}.`, notices };
		case 'error':
			return {
				state: 'error',
				status: `Stopped by an uncaught ${outcome.error.type} after ${duration(outcome.durationMs)}.`,
				notices,
			};
		case 'exit': {
			const code = outcome.exitCode ?? 0;
			notices.push({
				text: `The program called sys.exit(${JSON.stringify(outcome.exitCode)}): exit status ${
					typeof code === 'string' ? 1 : code
				}. In a terminal this would end the Python process; here the interpreter lives on.`,
				tone: code === 0 ? 'info' : 'warn',
			});
			return { state: 'done', status: `Exited after ${duration(outcome.durationMs)}.`, notices };
		}
		case 'interrupted': {
			const budget = outcome.stoppedBy === 'timeout' && options.timeoutSeconds;
			notices.push({
				text: budget
					? `Stopped: the run went over this cell’s time budget of ${options.timeoutSeconds} s (KeyboardInterrupt).`
					: 'Stopped (KeyboardInterrupt). Python’s state is kept.',
				tone: 'warn',
			});
			return { state: 'done', status: 'Stopped.', notices };
		}
		case 'restarted': {
			const lead =
				outcome.cause === 'timeout'
					? `Stopped: the run went over this cell’s time budget of ${options.timeoutSeconds ?? '?'} s. `
					: outcome.cause === 'fatal'
						? 'The Python runtime crashed. '
						: '';
			notices.push({
				text: `${lead}${outcome.message} The interpreter was restarted: variables from earlier runs are gone, and the next run works.`,
				tone: 'error',
			});
			return { state: 'error', status: 'Python was restarted.', notices };
		}
		case 'load-failed':
			notices.push({
				text: `${outcome.message} The lesson still reads fine; check your connection or try again.`,
				tone: 'error',
			});
			return { state: 'error', status: 'Python could not start.', notices };
	}
}

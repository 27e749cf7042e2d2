import { describe, expect, it } from 'vitest';
import { describeOutcome } from './outcome';

describe('describeOutcome', () => {
	it('reports a clean run', () => {
		expect(describeOutcome({ status: 'ok', durationMs: 12.4, truncated: false })).toEqual({
			state: 'done',
			status: 'Ran in 12 ms.',
			notices: [],
		});
	});
	it('adds a truncation notice', () => {
		const described = describeOutcome({ status: 'ok', durationMs: 3200, truncated: true });
		expect(described.status).toBe('Ran in 3.2 s.');
		expect(described.notices[0]?.text).toMatch(/^Output truncated/);
	});
	it('reports an uncaught exception as an error state', () => {
		const described = describeOutcome({
			status: 'error',
			durationMs: 1,
			truncated: false,
			error: { type: 'ZeroDivisionError', message: 'division by zero', traceback: '' },
		});
		expect(described.state).toBe('error');
		expect(described.status).toBe('Stopped by an uncaught ZeroDivisionError after 1 ms.');
	});
	it('reports sys.exit with its status, interpreter alive', () => {
		const described = describeOutcome({ status: 'exit', durationMs: 1, truncated: false, exitCode: 3 });
		expect(described.state).toBe('done');
		expect(described.notices[0]?.text).toContain('sys.exit(3): exit status 3');
		expect(described.notices[0]?.text).toContain('the interpreter lives on');
	});
	it('tells a learner’s Stop from a time budget', () => {
		const stop = describeOutcome({ status: 'interrupted', durationMs: 1, truncated: false, stoppedBy: 'learner' });
		expect(stop.notices[0]?.text).toBe('Stopped (KeyboardInterrupt). Python’s state is kept.');
		const budget = describeOutcome(
			{ status: 'interrupted', durationMs: 1, truncated: false, stoppedBy: 'timeout' },
			{ timeoutSeconds: 2 }
		);
		expect(budget.notices[0]?.text).toContain('time budget of 2 s');
	});
	it('says the interpreter was restarted, and why', () => {
		const crash = describeOutcome({ status: 'restarted', cause: 'fatal', message: 'The JS stack overflowed.', durationMs: 5 });
		expect(crash.state).toBe('error');
		expect(crash.notices[0]?.text).toMatch(/^The Python runtime crashed\. The JS stack overflowed\. The interpreter was restarted/);
	});
	it('offers the lesson text when Python cannot load', () => {
		const failed = describeOutcome({ status: 'load-failed', message: 'Python could not load: 404', durationMs: 5 });
		expect(failed.status).toBe('Python could not start.');
		expect(failed.notices[0]?.text).toContain('The lesson still reads fine');
	});
});

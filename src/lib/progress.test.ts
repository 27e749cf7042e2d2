import { describe, expect, it } from 'vitest';
import {
	emptyProgress,
	exportProgress,
	importProgress,
	isComplete,
	lessonStatus,
	parseProgress,
	recordAnswer,
	setCode,
} from './progress';

const right = { correct: true, response: ['0'] };
const wrong = { correct: false, response: ['1'] };
const day = new Date('2026-11-24T12:00:00Z');

describe('parseProgress', () => {
	it('starts empty when nothing is stored', () => {
		expect(parseProgress(null)).toEqual({ progress: emptyProgress(), problem: null });
	});
	it('reads valid progress back unchanged', () => {
		const progress = setCode(recordAnswer(emptyProgress(), 'journey', 'q1', right, ['q1'], day), 'k', 'x = 1');
		expect(parseProgress(JSON.stringify(progress))).toEqual({ progress, problem: null });
	});
	it.each([
		['not JSON', '{oops'],
		['a JSON array', '[1, 2]'],
		['null', 'null'],
		['answers of the wrong shape', '{"version":1,"lessons":{"a":{"answers":{"q":{"correct":"yes"}}}},"code":{}}'],
		['code that is not text', '{"version":1,"lessons":{},"code":{"k":5}}'],
		['a bad completion date', '{"version":1,"lessons":{"a":{"answers":{},"completedAt":"soon"}},"code":{}}'],
	])('replaces %s with empty progress and says it was corrupt', (_, raw) => {
		expect(parseProgress(raw)).toEqual({ progress: emptyProgress(), problem: 'corrupt' });
	});
	it('calls data of another version outdated', () => {
		expect(parseProgress('{"version":0,"lessons":{},"code":{}}').problem).toBe('outdated');
	});
});

describe('recordAnswer', () => {
	it('completes a lesson only when every question is answered correctly', () => {
		let progress = recordAnswer(emptyProgress(), 'journey', 'q1', right, ['q1', 'q2'], day);
		expect(lessonStatus(progress, 'journey', ['q1', 'q2'])).toEqual({ correct: 1, total: 2, complete: false });
		progress = recordAnswer(progress, 'journey', 'q2', wrong, ['q1', 'q2'], day);
		expect(progress.lessons['journey']?.completedAt).toBeUndefined();
		progress = recordAnswer(progress, 'journey', 'q2', right, ['q1', 'q2'], day);
		expect(progress.lessons['journey']?.completedAt).toBe('2026-11-24T12:00:00.000Z');
		expect(lessonStatus(progress, 'journey', ['q1', 'q2'])).toEqual({ correct: 2, total: 2, complete: true });
	});
	it('does not mutate its input', () => {
		const before = emptyProgress();
		recordAnswer(before, 'a', 'q', right, ['q']);
		expect(before).toEqual(emptyProgress());
	});
	it('never calls a lesson without questions complete', () => {
		expect(isComplete({}, [])).toBe(false);
	});
});

describe('setCode', () => {
	it('saves and forgets a cell’s edited code', () => {
		const saved = setCode(emptyProgress(), 'page#1', 'print(1)');
		expect(saved.code).toEqual({ 'page#1': 'print(1)' });
		expect(setCode(saved, 'page#1', null).code).toEqual({});
	});
});

describe('export and import', () => {
	it('round-trips', () => {
		const progress = recordAnswer(emptyProgress(), 'journey', 'q1', right, ['q1'], day);
		expect(importProgress(exportProgress(progress, day))).toEqual(progress);
	});
	it('explains what is wrong with a bad file', () => {
		expect(() => importProgress('nope')).toThrow('This file is not JSON');
		expect(() => importProgress('{"a":1}')).toThrow('not a progress export of this course');
		expect(() =>
			importProgress('{"kind":"python-execution-lifecycle-progress","progress":{"version":1,"lessons":[],"code":{}}}')
		).toThrow('"lessons" is missing or not an object');
	});
});

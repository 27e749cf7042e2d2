import { describe, expect, it } from 'vitest';
import { mergeParts } from './protocol';

describe('mergeParts', () => {
	it('merges neighbours of one stream, keeps order across streams, drops empty text', () => {
		expect(
			mergeParts([
				{ stream: 'stdout', text: 'a' },
				{ stream: 'stdout', text: '' },
				{ stream: 'stdout', text: 'b' },
				{ stream: 'stderr', text: 'E' },
				{ stream: 'stdout', text: 'c' },
			])
		).toEqual([
			{ stream: 'stdout', text: 'ab' },
			{ stream: 'stderr', text: 'E' },
			{ stream: 'stdout', text: 'c' },
		]);
	});
	it('does not modify the parts it was given', () => {
		const parts = [
			{ stream: 'stdout' as const, text: 'a' },
			{ stream: 'stdout' as const, text: 'b' },
		];
		mergeParts(parts);
		expect(parts[0]?.text).toBe('a');
	});
});

import { describe, expect, it } from 'vitest';
import { groupByLayer, neighbours, slugFromFile, sortLessons } from './lessons';

const a = { slug: 'a', title: 'A', layer: 'start', order: 1 };
const b = { slug: 'b', title: 'B', layer: 'compiler', order: 3 };
const c = { slug: 'c', title: 'C', layer: 'compiler', order: 2 };

describe('lessons', () => {
	it('derives the slug from the file name without its number', () => {
		expect(slugFromFile('01-journey.mdx')).toBe('journey');
		expect(slugFromFile('sub/12-the-gil.mdx')).toBe('the-gil');
		expect(slugFromFile('plain.mdx')).toBe('plain');
	});
	it('sorts by order and refuses duplicates', () => {
		expect(sortLessons([b, a, c]).map((l) => l.slug)).toEqual(['a', 'c', 'b']);
		expect(() => sortLessons([a, { ...b, order: 1 }])).toThrow('both have order 1');
	});
	it('groups by layer in the layers’ order, dropping empty layers', () => {
		const groups = groupByLayer(sortLessons([a, b, c]), { start: 'Start', vm: 'VM', compiler: 'Compiler' });
		expect(groups.map((g) => [g.label, g.lessons.map((l) => l.slug)])).toEqual([
			['Start', ['a']],
			['Compiler', ['c', 'b']],
		]);
	});
	it('finds previous and next', () => {
		const sorted = sortLessons([a, b, c]);
		expect(neighbours(sorted, 'c')).toEqual({ previous: a, next: b });
		expect(neighbours(sorted, 'a').previous).toBeUndefined();
		expect(neighbours(sorted, 'b').next).toBeUndefined();
	});
});

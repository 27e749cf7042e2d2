import { describe, expect, it } from 'vitest';
import { lessonSchema } from './lesson';

const good = {
	title: 'The journey of a program',
	description: 'Follow one program all the way.',
	layer: 'start',
	order: 1,
	objectives: ['Follow a program'],
	sources: [{ title: 'Tutorial', url: 'https://docs.python.org/3/tutorial/' }],
};

function problems(data: unknown): string[] {
	const result = lessonSchema.safeParse(data);
	return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('lessonSchema', () => {
	it('accepts a complete lesson', () => {
		expect(problems(good)).toEqual([]);
	});
	it('names the field and what is expected', () => {
		expect(problems({ ...good, layer: 'kernel' })).toEqual([
			'layer: layer must be one of: start, application, compiler, vm, os, optimization',
		]);
		expect(problems({ ...good, objectives: [] })).toEqual(['objectives: list at least one learning objective']);
		expect(problems({ ...good, sources: [{ title: 'PEP', url: 'not a url' }] })).toEqual(['sources.0.url: Invalid url']);
		expect(problems({ ...good, order: 1.5 })[0]).toMatch(/^order: /);
		const { title: _title, ...untitled } = good;
		expect(problems(untitled)).toEqual(['title: Required']);
	});
});

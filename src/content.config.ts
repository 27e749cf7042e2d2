import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './schemas/lesson';
import { slugFromFile } from './lib/lessons';

/** Lessons are content/lessons/NN-slug.mdx; a leading underscore marks a draft the loader skips. */
const lessons = defineCollection({
	loader: glob({
		pattern: '**/[^_]*.mdx',
		base: './content/lessons',
		generateId: ({ entry }) => slugFromFile(entry),
	}),
	schema: lessonSchema,
});

export const collections = { lessons };

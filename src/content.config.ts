import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './schemas/lesson';
import { pageSchema } from './schemas/page';
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

/** Course pages that are not lessons (the techniques overview): content/pages/<id>.mdx → /<id>/. */
const pages = defineCollection({
	loader: glob({ pattern: '**/[^_]*.mdx', base: './content/pages' }),
	schema: pageSchema,
});

export const collections = { lessons, pages };

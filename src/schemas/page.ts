/**
 * The frontmatter of a course page that is not a lesson (content/pages/*.mdx, e.g. the techniques overview):
 * no order, layer or quiz, but the same title, description and primary sources as a lesson.
 */
import { z } from 'astro/zod';

export const pageSchema = z.object({
	title: z.string().min(3),
	description: z.string().min(10),
	sources: z
		.array(z.object({ title: z.string().min(3), url: z.string().url() }))
		.min(1, 'cite at least one source'),
});

export type PageData = z.infer<typeof pageSchema>;

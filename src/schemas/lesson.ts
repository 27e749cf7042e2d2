/**
 * The frontmatter every lesson must have. The content collection validates each lesson against it, so a
 * missing or misspelled field fails the build with the lesson's path and the field's name.
 */
import { z } from 'astro/zod';

/** The layers of the lifecycle, in course order: they group the sidebar. */
export const LAYERS = {
	start: 'Start here',
	application: 'Application',
	compiler: 'Compiler',
	vm: 'Virtual Machine',
	os: 'Operating system',
	optimization: 'Optimization techniques',
} as const;

export type Layer = keyof typeof LAYERS;

const layerIds = Object.keys(LAYERS) as [Layer, ...Layer[]];

export const lessonSchema = z.object({
	/** The lesson's title, shown as its h1 and in the sidebar. */
	title: z.string().min(3),
	/** One sentence for lists and for the page's meta description. */
	description: z.string().min(10),
	/** Which layer of the lifecycle the lesson belongs to. */
	layer: z.enum(layerIds, {
		errorMap: () => ({ message: `layer must be one of: ${layerIds.join(', ')}` }),
	}),
	/** Position in the course; unique across lessons. */
	order: z.number().int().positive(),
	/** What the learner can do after the lesson. */
	objectives: z.array(z.string().min(3)).min(1, 'list at least one learning objective'),
	/** Primary sources: docs.python.org, PEPs, CPython's InternalDocs. */
	sources: z
		.array(z.object({ title: z.string().min(3), url: z.string().url() }))
		.min(1, 'cite at least one source'),
});

export type LessonData = z.infer<typeof lessonSchema>;

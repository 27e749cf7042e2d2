/** The course's lessons, in order, as every page needs them (sidebar, lists, progress). Build time only. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { LAYERS } from '../schemas/lesson';
import { groupByLayer, sortLessons } from '../lib/lessons';
import { scanQuestionIds } from '../lib/mdx-scan';

export interface CourseLesson {
	slug: string;
	title: string;
	description: string;
	layer: keyof typeof LAYERS;
	order: number;
	questionIds: string[];
	entry: CollectionEntry<'lessons'>;
}

export async function getLessons(): Promise<CourseLesson[]> {
	const entries = await getCollection('lessons');
	return sortLessons(
		entries.map((entry) => ({
			slug: entry.id,
			title: entry.data.title,
			description: entry.data.description,
			layer: entry.data.layer,
			order: entry.data.order,
			questionIds: scanQuestionIds(entry.body ?? ''),
			entry,
		}))
	);
}

export async function getLessonGroups() {
	return groupByLayer(await getLessons(), LAYERS);
}

/** A site-relative URL under Astro's base. */
export function url(path: string): string {
	const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
	return `${base}${path.replace(/^\//, '')}`;
}

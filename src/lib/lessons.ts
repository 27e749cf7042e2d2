/** Pure helpers for the lesson list: slugs, ordering, grouping, neighbours. */

/** "01-journey.mdx" → "journey": the number orders files on disk, the URL keeps only the name. */
export function slugFromFile(path: string): string {
	const file = path.slice(path.lastIndexOf('/') + 1).replace(/\.mdx?$/, '');
	return file.replace(/^\d+-/, '');
}

export interface LessonSummary {
	slug: string;
	title: string;
	layer: string;
	order: number;
}

/** Lessons sorted by `order`; throws when two lessons claim the same position. */
export function sortLessons<T extends LessonSummary>(lessons: readonly T[]): T[] {
	const sorted = [...lessons].sort((a, b) => a.order - b.order);
	for (let i = 1; i < sorted.length; i++) {
		const [previous, current] = [sorted[i - 1], sorted[i]];
		if (previous && current && previous.order === current.order) {
			throw new Error(`Lessons "${previous.slug}" and "${current.slug}" both have order ${current.order}.`);
		}
	}
	return sorted;
}

/** Group sorted lessons by layer, keeping the layers' own order and dropping empty ones. */
export function groupByLayer<T extends LessonSummary>(
	lessons: readonly T[],
	layers: Record<string, string>
): { layer: string; label: string; lessons: T[] }[] {
	return Object.entries(layers)
		.map(([layer, label]) => ({ layer, label, lessons: lessons.filter((l) => l.layer === layer) }))
		.filter((group) => group.lessons.length > 0);
}

/** The lessons before and after `slug` in course order. */
export function neighbours<T extends LessonSummary>(
	lessons: readonly T[],
	slug: string
): { previous: T | undefined; next: T | undefined } {
	const index = lessons.findIndex((l) => l.slug === slug);
	return { previous: index > 0 ? lessons[index - 1] : undefined, next: index >= 0 ? lessons[index + 1] : undefined };
}

/**
 * The syllabus's lessons (shared/course/syllabus.md), so the home page can show the whole course to come, and
 * where each one lives: its lesson page once it is written, else its "coming soon" entry in the home page's
 * course overview. The lifecycle map and trace mode link through `lessonLink`, so a node starts pointing at its
 * lesson the day the lesson is added, with no change here. Build time only.
 */
import type { Layer } from '../schemas/lesson';
import { url, type CourseLesson } from './course';

export interface PlannedLesson {
	order: number;
	/** The URL slug: /lessons/<slug>/ once written (the file is content/lessons/NN-<slug>.mdx). */
	slug: string;
	title: string;
	layer: Layer;
}

export const PLANNED_LESSONS: PlannedLesson[] = [
	{ order: 1, slug: 'journey', title: 'The journey of a program', layer: 'start' },
	{ order: 2, slug: 'scripts-and-modules', title: 'Your code: scripts, modules and imports', layer: 'application' },
	{ order: 3, slug: 'tokens-and-ast', title: 'From text to tree: tokens, the parser, the AST, scopes', layer: 'compiler' },
	{
		order: 4,
		slug: 'compiler-and-code-objects',
		title: 'From tree to bytecode: the compiler and the code object',
		layer: 'compiler',
	},
	{ order: 5, slug: 'pycache', title: 'Bytecode caching: __pycache__ and .pyc files', layer: 'compiler' },
	{ order: 6, slug: 'frames', title: 'The execution stack: frames', layer: 'vm' },
	{ order: 7, slug: 'evaluation-loop', title: 'The interpreter: the evaluation loop', layer: 'vm' },
	{ order: 8, slug: 'exceptions', title: 'Exceptions: zero-cost try and the exception table', layer: 'vm' },
	{ order: 9, slug: 'garbage-collection', title: 'Memory and garbage collection', layer: 'vm' },
	{ order: 10, slug: 'specialization-and-jit', title: 'Specialization and the JIT', layer: 'vm' },
	{ order: 11, slug: 'operating-system', title: 'Down to the system', layer: 'os' },
	{ order: 12, slug: 'threads-and-gil', title: 'Threads and the GIL', layer: 'optimization' },
	{ order: 13, slug: 'async', title: 'Async execution', layer: 'optimization' },
	{ order: 14, slug: 'memory-optimization', title: 'Memory optimization', layer: 'optimization' },
	{ order: 15, slug: 'profiling', title: 'Performance profiling', layer: 'optimization' },
];

/** The stages of trace mode, in pipeline order; map nodes and trace panels carry them as `data-stage`. */
export const STAGES = ['tokens', 'ast', 'bytecode', 'pyc', 'run', 'os'] as const;
export type Stage = (typeof STAGES)[number];

/** The lesson that explains each stage of trace mode, by order. */
export const STAGE_LESSONS: Record<Stage, number> = {
	tokens: 3,
	ast: 3,
	bytecode: 4,
	pyc: 5,
	run: 7,
	os: 11,
};

/** Where a planned lesson is: written or not, its title and the href to follow. */
export interface LessonLink {
	order: number;
	slug: string;
	title: string;
	href: string;
	/** The lesson is written: the href is its page. Otherwise it is the overview's "coming soon" entry. */
	available: boolean;
	/** The written lesson, when there is one (for its description and questions). */
	lesson: CourseLesson | null;
}

/** The id of a lesson's entry in the home page's course overview: the target of "coming soon" links. */
export function overviewEntryId(slug: string): string {
	return `lesson-${slug}`;
}

export function plannedLesson(order: number): PlannedLesson {
	const planned = PLANNED_LESSONS.find((p) => p.order === order);
	if (!planned) throw new Error(`No planned lesson number ${order} in src/data/plan.ts`);
	return planned;
}

/**
 * Where lesson `order` is, given the lessons written so far (getLessons()). A written lesson is found by its
 * planned slug, or failing that by its order (a lesson whose author chose another slug still gets linked).
 */
export function lessonLink(order: number, written: readonly CourseLesson[]): LessonLink {
	const planned = plannedLesson(order);
	const lesson = written.find((l) => l.slug === planned.slug) ?? written.find((l) => l.order === order) ?? null;
	return lesson
		? {
				order,
				slug: lesson.slug,
				title: lesson.title,
				href: url(`lessons/${lesson.slug}/`),
				available: true,
				lesson,
			}
		: {
				order,
				slug: planned.slug,
				title: planned.title,
				href: `${url('/')}#${overviewEntryId(planned.slug)}`,
				available: false,
				lesson: null,
			};
}

/** The syllabus's lessons (shared/course/syllabus.md), so the home page can show the whole course to come. */
import type { Layer } from '../schemas/lesson';

export const PLANNED_LESSONS: { order: number; title: string; layer: Layer }[] = [
	{ order: 1, title: 'The journey of a program', layer: 'start' },
	{ order: 2, title: 'Your code: scripts, modules and imports', layer: 'application' },
	{ order: 3, title: 'From text to tree: tokens, the parser, the AST, scopes', layer: 'compiler' },
	{ order: 4, title: 'From tree to bytecode: the compiler and the code object', layer: 'compiler' },
	{ order: 5, title: 'Bytecode caching: __pycache__ and .pyc files', layer: 'compiler' },
	{ order: 6, title: 'The execution stack: frames', layer: 'vm' },
	{ order: 7, title: 'The interpreter: the evaluation loop', layer: 'vm' },
	{ order: 8, title: 'Exceptions: zero-cost try and the exception table', layer: 'vm' },
	{ order: 9, title: 'Memory and garbage collection', layer: 'vm' },
	{ order: 10, title: 'Specialization and the JIT', layer: 'vm' },
	{ order: 11, title: 'Down to the system', layer: 'os' },
	{ order: 12, title: 'Threads and the GIL', layer: 'optimization' },
	{ order: 13, title: 'Async execution', layer: 'optimization' },
	{ order: 14, title: 'Memory optimization', layer: 'optimization' },
	{ order: 15, title: 'Performance profiling', layer: 'optimization' },
];

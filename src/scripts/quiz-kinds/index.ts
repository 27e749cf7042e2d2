/** The registry of quiz kinds, by the `data-kind` their component renders. */
import { choice } from './choice';
import { predict } from './predict';
import type { QuizKind } from './types';

export const quizKinds: Record<string, QuizKind> = { choice, predict };
export type { QuizKind, Graded } from './types';

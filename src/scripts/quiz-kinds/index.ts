/** The registry of quiz kinds, by the `data-kind` their component renders. */
import { challenge } from './challenge';
import { choice } from './choice';
import { order } from './order';
import { predict } from './predict';
import { predictBytecode } from './predict-bytecode';
import type { QuizKind } from './types';

export const quizKinds: Record<string, QuizKind> = { choice, predict, 'predict-bytecode': predictBytecode, order, challenge };
export type { QuizKind, Graded } from './types';

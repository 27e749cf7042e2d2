/**
 * A quiz kind: how to read a learner's response from the question's markup, put a saved one back, and grade
 * it. Adding a kind = a component that renders <quiz-question data-kind="name"> plus one module like these,
 * registered in src/scripts/quiz-kinds/index.ts.
 */
export interface Graded {
	correct: boolean;
	/** Shown in the feedback region (and so announced); text only. */
	message: string;
	/** Extra content for the feedback, such as the real output. Built with text nodes only. */
	details?: Node;
}

export interface QuizKind {
	/** The learner's response, or null when there is nothing to check yet. */
	read(question: HTMLElement): string[] | null;
	/** Put a saved response back into the form. */
	restore(question: HTMLElement, response: readonly string[]): void;
	grade(question: HTMLElement, response: readonly string[]): Promise<Graded>;
	/** Show the explanations once the question has been checked. */
	reveal(question: HTMLElement, response: readonly string[]): void;
}

/**
 * The contract between a live cell and the widget that draws what its run did.
 *
 * A lesson writes `<PythonCell label="…" widget="bytecode">`. The cell runs as usual (same Run / Stop / Reset,
 * output, time budget); when the run has finished, the cell loads `src/scripts/widgets/<name>.ts` and calls its
 * default export's `update` with the code that ran. The widget asks Python for data (`python.call` on a helper in
 * src/python/lifecycle/) and renders it into `panel` with a pure render function from src/widgets/.
 */
import type { PythonClient, RunOutcome } from '../../python/client';

export interface WidgetContext {
	/** The code the cell just ran: the learner's edits included. */
	code: string;
	/** The name the run used in tracebacks and code objects, e.g. "<cell 3>"; `lifecycle.runner.code_of` takes it. */
	filename: string;
	/** How the run ended. Widgets draw after errors too (a SyntaxError has tokens), not after a Stop. */
	outcome: RunOutcome;
	/** The page's Python: `python.call(module, fn, args)` returns the helper's JSON result. */
	python: PythonClient;
	/** The widget's own area inside the cell, emptied before each update. */
	panel: HTMLElement;
	/** The <python-cell> element. */
	cell: HTMLElement;
}

export interface Widget {
	/** Run the cell with instruction counting and file-system tracing (trace mode). */
	instrument?: boolean;
	/**
	 * A module of src/python/lifecycle/ whose `start(code, filename)` and `stop()` the runner calls around the
	 * cell's run (e.g. "stepper" installs a tracer): for widgets that must watch the real run. Stop and the time
	 * budget still apply. `update` then reads what it recorded with `python.call`.
	 */
	recorder?: string;
	/** Draw the widget for the run that just finished. */
	update(context: WidgetContext): Promise<void>;
}

/**
 * Lights up the lifecycle map's nodes for a stage of the pipeline (trace mode points at them). A node stands for
 * the stages in its `data-stage` (space-separated); the lit ones get aria-current="step" (styled in map.css with
 * an outline and a label, so colour is not the only cue).
 */
export function highlightStage(stage: string | null, root: ParentNode = document): HTMLElement[] {
	const lit: HTMLElement[] = [];
	for (const node of root.querySelectorAll<HTMLElement>('.lifecycle-map [data-stage]')) {
		const on = stage !== null && (node.dataset['stage'] ?? '').split(/\s+/).includes(stage);
		node.classList.toggle('is-traced', on);
		if (on) {
			node.setAttribute('aria-current', 'step');
			lit.push(node);
		} else node.removeAttribute('aria-current');
	}
	return lit;
}

/**
 * Checks the props an author gives <PythonCell>, so a typo fails the build with a clear message.
 * `widgets` lists the widget names that exist (files in src/scripts/widgets/).
 */
export function cellPropsProblem(given: object, widgets: readonly string[] = []): string | null {
	const props = given as Record<string, unknown>;
	const known = new Set(['label', 'shared', 'expect', 'timeout', 'widget']);
	for (const name of Object.keys(props)) {
		if (!known.has(name)) return `unknown prop "${name}". Expected one of: ${[...known].join(', ')}.`;
	}
	if (typeof props['label'] !== 'string' || props['label'].trim() === '') {
		return 'the prop "label" is required: a short name for the cell.';
	}
	if (props['expect'] !== undefined && props['expect'] !== 'error') {
		return `expect must be "error". Received ${JSON.stringify(props['expect'])}.`;
	}
	const timeout = props['timeout'];
	if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0))) {
		return `timeout must be a positive number of seconds, as timeout={5}. Received ${JSON.stringify(timeout)}.`;
	}
	if (props['shared'] !== undefined && typeof props['shared'] !== 'boolean') {
		return 'shared is a flag: write `shared` on its own.';
	}
	const widget = props['widget'];
	if (widget !== undefined && (typeof widget !== 'string' || !widgets.includes(widget))) {
		return `unknown widget ${JSON.stringify(widget)}. Expected one of: ${widgets.join(', ')}.`;
	}
	return null;
}

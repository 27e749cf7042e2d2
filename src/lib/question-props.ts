/** Checks a quiz question's props, so an authoring mistake fails the build with a clear message. */
export function questionPropsProblem(
	component: string,
	given: object,
	known: readonly string[]
): string | null {
	const props = given as Record<string, unknown>;
	for (const name of Object.keys(props)) {
		if (!known.includes(name)) {
			return `<${component}> got an unknown prop "${name}". Expected one of: ${known.join(', ')}.`;
		}
	}
	const id = props['id'];
	if (typeof id !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
		return `<${component}> needs an id in kebab-case, like id="cached-files". Received ${JSON.stringify(id)}.`;
	}
	for (const name of ['question', 'explain'] as const) {
		if (known.includes(name) && props[name] !== undefined && typeof props[name] !== 'string') {
			return `<${component} id="${id}"> prop "${name}" must be a string.`;
		}
	}
	if (component === 'Choice' && typeof props['question'] !== 'string') {
		return `<Choice id="${id}"> needs a question="…" prop.`;
	}
	if (component === 'Predict' && typeof props['explain'] !== 'string') {
		return `<Predict id="${id}"> needs an explain="…" prop.`;
	}
	return null;
}

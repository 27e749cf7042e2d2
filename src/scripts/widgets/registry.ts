/**
 * Finds a widget by name: each file src/scripts/widgets/<name>.ts with a default export is one widget. Widgets are
 * loaded on the first run of a cell that uses them, so a lesson's first paint carries none of their code.
 */
import type { Widget } from './types';

const modules = import.meta.glob<{ default: Widget }>(['./*.ts', '!./registry.ts', '!./types.ts', '!./*.test.ts']);

export function widgetNames(): string[] {
	return Object.keys(modules).map((path) => path.slice(2, -3));
}

export async function loadWidget(name: string): Promise<Widget> {
	const load = modules[`./${name}.ts`];
	if (!load) throw new Error(`Unknown widget "${name}"`);
	return (await load()).default;
}

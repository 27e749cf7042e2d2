// A tiny TextMate grammar so Shiki can colour `dis` listings at build time (```dis fences).
export const disGrammar = {
	name: 'dis',
	scopeName: 'source.dis',
	patterns: [
		{ match: '^\\s*(\\d+)(?=\\s)', captures: { 1: { name: 'constant.numeric.line.dis' } } },
		{ match: '\\bL\\d+:', name: 'entity.name.label.dis' },
		{ match: '\\b[A-Z][A-Z0-9_]{2,}\\b', name: 'keyword.opcode.dis' },
		{ match: '\\((.*?)\\)', name: 'string.argrepr.dis' },
		{ match: '\\b\\d+\\b', name: 'constant.numeric.dis' },
	],
};

import { defineConfig } from 'vitest/config';

/** The content test: every cell and predict snippet of every lesson, run in Node Pyodide. */
export default defineConfig({
	test: {
		include: ['tests/content.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 180_000,
	},
});

import { defineConfig } from 'vitest/config';

/** Unit tests: pure logic in src/ and the Python helpers under Node Pyodide. Content tests have their own config. */
export default defineConfig({
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 120_000,
	},
});

#!/usr/bin/env node
/**
 * `npm test`: every check, in order, stopping at the first failure:
 *   1. astro check   2. unit tests (Vitest)   3. content test (every lesson cell in Node Pyodide)
 *   4. the build     5. browser tests (Playwright) against the built site
 * It ends with one line counting the tests: "tests: N passed, N failed".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

// Not test-results/: Playwright empties that folder when it starts.
const RESULTS = '.cache';
rmSync(`${RESULTS}/counts`, { recursive: true, force: true });
mkdirSync(`${RESULTS}/counts`, { recursive: true });

const vitestJson = (name) => [`--reporter=default`, `--reporter=json`, `--outputFile.json=${RESULTS}/counts/${name}.json`];

const steps = [
	['astro check', ['astro', 'check', '--minimumSeverity', 'warning']],
	['unit tests', ['vitest', 'run', ...vitestJson('unit')]],
	['content test', ['vitest', 'run', '--config', 'vitest.content.config.ts', ...vitestJson('content')]],
	['build', ['astro', 'build']],
	['browser tests', ['playwright', 'test']],
];

function counts() {
	let passed = 0;
	let failed = 0;
	for (const name of ['unit', 'content']) {
		const file = `${RESULTS}/counts/${name}.json`;
		if (!existsSync(file)) continue;
		const report = JSON.parse(readFileSync(file, 'utf8'));
		passed += report.numPassedTests;
		failed += report.numFailedTests;
	}
	const e2e = `${RESULTS}/counts/e2e.json`;
	if (existsSync(e2e)) {
		const { stats } = JSON.parse(readFileSync(e2e, 'utf8'));
		passed += stats.expected + stats.flaky;
		failed += stats.unexpected;
	}
	return { passed, failed };
}

const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', E2E_JSON: `${RESULTS}/counts/e2e.json` };
let status = 0;
for (const [name, [bin, ...args]] of steps) {
	const started = Date.now();
	console.log(`\n=== ${name}: ${bin} ${args.join(' ')}`);
	const result = spawnSync(`node_modules/.bin/${bin}`, args, { stdio: 'inherit', env });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	if (result.status !== 0) {
		console.error(`\n=== ${name} FAILED after ${seconds} s (exit ${result.status ?? result.signal})`);
		status = 1;
		break;
	}
	console.log(`=== ${name} passed in ${seconds} s`);
}
const { passed, failed } = counts();
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(status || (failed > 0 ? 1 : 0));

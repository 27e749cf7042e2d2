import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { chromium } from '@playwright/test';

/**
 * The browser: Playwright's own Chromium when it is installed, else the system's (CHROMIUM_PATH, or Debian's
 * /usr/bin/chromium). Playwright cannot download browsers on our machines, so with neither we stop and say
 * how to install one.
 */
function chromiumPath(): string | undefined {
	const own = chromium.executablePath();
	if (own && existsSync(own)) return undefined; // Playwright finds its own
	const system = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
	if (existsSync(system)) return system;
	console.error(
		`No Chromium found (looked for Playwright's at ${own} and the system's at ${system}).\n` +
			'Install one with:  sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium binary)'
	);
	process.exit(1);
}

const PORT = 4400;
const executablePath = chromiumPath();

export default defineConfig({
	testDir: 'e2e',
	forbidOnly: Boolean(process.env['CI']),
	// Timing-sensitive tests (Stop within a second) need the machine's two cores to themselves.
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 15_000 },
	reporter: [
		['list'],
		// scripts/test-all.mjs reads the counts from here for its closing line.
		['json', { outputFile: process.env['E2E_JSON'] ?? 'test-results/e2e.json' }],
	],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		browserName: 'chromium',
		// The service worker's first-visit download of the whole course (about 18 MB) would run beside every test's
		// timing; it is tested where it is the subject (e2e/offline.spec.ts allows it).
		serviceWorkers: 'block',
		launchOptions: {
			...(executablePath ? { executablePath } : {}),
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic',
			],
		},
	},
	webServer: {
		// `npm test` builds first; building here too keeps `npm run test:e2e` usable on its own.
		command: `(test -f dist/index.html || npx astro build) && node_modules/.bin/astro preview --host 127.0.0.1 --port ${PORT}`,
		url: `http://127.0.0.1:${PORT}/`,
		reuseExistingServer: false,
		timeout: 180_000,
		env: { ASTRO_TELEMETRY_DISABLED: '1' },
	},
});

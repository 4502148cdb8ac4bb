import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setupServer } from 'msw/node';
import { chromium } from 'playwright-core';
import { type Report, renderHtml, runConformance } from '../../../src/harness';
import { type RunningServer, startServer } from '../../../src/start';
import { DEFECTIVE_BASE, defectiveTarget } from '../helpers/defectiveProxy';

/** The system Chromium: $CHROMIUM_PATH when set (and only it), else /usr/bin/chromium or `chromium-browser`. */
function findChromium(): string | undefined {
  const given = process.env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? given : undefined;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const which = spawnSync('which', ['chromium-browser'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

const executablePath = findChromium();
const NO_BROWSER = process.env.CHROMIUM_PATH
  ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`
  : 'no Chromium found (/usr/bin/chromium, chromium-browser on the PATH; or set CHROMIUM_PATH); `apt-get install chromium` to run it';
if (!executablePath && !process.env.CHAT_CONTRACT_REQUIRE_BROWSER)
  console.warn(`SKIPPED the HTML report browser test: ${NO_BROWSER}`);
/**
 * Runs only when a browser exists; jest has no runtime skip, so the choice is made at load time.
 * CI (.ci/run) sets CHAT_CONTRACT_REQUIRE_BROWSER, and there a missing browser is a failure.
 */
const describeInBrowser = executablePath ? describe : describe.skip;

if (!executablePath && process.env.CHAT_CONTRACT_REQUIRE_BROWSER)
  it('has a browser for the HTML report test (CHAT_CONTRACT_REQUIRE_BROWSER is set)', () => {
    throw new Error(NO_BROWSER);
  });

/** The id the defective server switches to mid-stream: markup a careless report would run. */
const HOSTILE_ID = 'chatcmpl-<script>window.__pwned=1</script>';

describeInBrowser('HTML report in headless Chromium', () => {
  let report: Report;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    const reference: RunningServer = await startServer({
      port: 0,
      timeouts: { firstTokenMs: 1000, idleMs: 1000 },
    });
    const mock = setupServer(
      defectiveTarget(`${reference.url}/v1`, {
        event: (block, i) =>
          i === 1 ? block.replace(/"id":"[^"]*"/, `"id":${JSON.stringify(HOSTILE_ID)}`) : block,
      }),
    );
    mock.listen({ onUnhandledRequest: 'bypass' });
    try {
      report = await runConformance({
        baseUrl: DEFECTIVE_BASE,
        only: ['basic-stream', 'n-2', 'include-usage', 'tools', 'non-stream', 'models', 'fault-mid-stream'],
        faultDirectives: true,
        timeoutMs: 5000,
      });
    } finally {
      mock.close();
      await reference.close();
    }
    // Kept after the run (report.html, report.png) so a person can look at what the test saw.
    dir = mkdtempSync(join(tmpdir(), 'chat-contract-html-'));
    file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(report));
    console.log(`HTML report browser test: ${dir}`);
  }, 60_000);

  it('shows the failing check, expands it (summary or cell) to its evidence, prints open, loads nothing else', async () => {
    const failing = report.results.find((r) => r.check === 'stable-id' && r.verdict === 'fail');
    expect(failing?.evidence?.join('\n')).toContain(HOSTILE_ID);

    const profile = mkdtempSync(join(tmpdir(), 'chat-contract-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      viewport: { width: 1366, height: 768 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(file).href;
      await page.goto(url);

      await page.screenshot({ path: join(dir, 'report-top.png') });
      const row = page.locator('table.matrix tr.row-fail', {
        has: page.locator('th', { hasText: 'stable-id' }),
      });
      await expect(row.isVisible()).resolves.toBe(true);

      const details = page.locator('details.check#check--stable-id');
      const evidence = details.locator('pre.evidence').first();
      await expect(evidence.isVisible()).resolves.toBe(false);
      await details.locator('summary').first().click();
      await expect(evidence.isVisible()).resolves.toBe(true);
      // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what a reader sees
      await expect(evidence.innerText()).resolves.toContain(HOSTILE_ID);
      await expect(page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).resolves.toBe(
        undefined,
      );

      await evidence.scrollIntoViewIfNeeded();
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot });
      expect(statSync(shot).size).toBeGreaterThan(10_000);

      // A failing cell of the matrix opens its own drill-down, even when everything is collapsed.
      await page.getByRole('button', { name: 'Collapse all' }).click();
      await expect(evidence.isVisible()).resolves.toBe(false);
      await row.locator('a[href="#result--stable-id--n-2"]').click();
      await expect(page.locator('#result--stable-id--n-2 pre.evidence').first().isVisible()).resolves.toBe(
        true,
      );

      // Printing shows every drill-down, including the ones nobody opened.
      const closed = details.locator('details.scenario:not([open]) pre.evidence').first();
      await expect(closed.count()).resolves.toBe(1);
      await expect(closed.isVisible()).resolves.toBe(false);
      await page.emulateMedia({ media: 'print' });
      await expect(closed.isVisible()).resolves.toBe(true);

      expect(requests).toEqual([url]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});

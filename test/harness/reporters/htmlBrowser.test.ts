import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setupServer } from 'msw/node';
import { chromium } from 'playwright-core';
import { type Report, renderHtml, runConformance } from '../../../src/harness';
import { type RunningServer, startServer } from '../../../src/main';
import { DEFECTIVE_BASE, defectiveTarget } from '../helpers/defectiveProxy';

/** The system Chromium: $CHROMIUM_PATH, /usr/bin/chromium, or `chromium-browser` on the PATH. */
function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'];
  const which = spawnSync('which', ['chromium-browser'], { encoding: 'utf8' });
  if (which.status === 0) candidates.push(which.stdout.trim());
  return candidates.find((p): p is string => Boolean(p) && existsSync(p as string));
}

const executablePath = findChromium();
if (!executablePath)
  console.warn(
    'SKIPPED the HTML report browser test: no Chromium found ($CHROMIUM_PATH, /usr/bin/chromium, chromium-browser); `apt-get install chromium` to run it',
  );
/** Runs only when a browser exists; jest has no runtime skip, so the choice is made at load time. */
const describeInBrowser = executablePath ? describe : describe.skip;

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

  it('shows the failing check, expands it to its evidence, and loads nothing but the file', async () => {
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

/**
 * report.html and compare.html in a real browser: headless Debian Chromium, a fresh
 * profile, the page loaded from a file:// URL with no network. Every chart must
 * draw a canvas of non-zero size, the page must mark itself rendered, nothing may
 * be logged as an error and nothing may be requested. At 800 and 1400 px wide the
 * verdict block must sit wholly inside the first screen and nothing may overflow
 * the page sideways; the print stylesheet must lay the page out in an A4 PDF.
 * Screenshots go to a temp directory (path printed). Skipped, with a message, when
 * /usr/bin/chromium is absent.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compareReports } from '../../src/report/compare.ts';
import { renderCompareHtml } from '../../src/report/compare-html.ts';
import { DEFAULT_COMPARE_OPTIONS } from '../../src/report/compare-options.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { renderHtml } from '../../src/report/html.ts';
import { runEvents } from './fixtures.ts';
import { syntheticRun } from './synthetic-run.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const shots = mkdtempSync(join(tmpdir(), 'replbench-shots-'));

interface PageCheck {
  readonly rendered: string | null;
  readonly plots: string | null;
  readonly charts: { id: string; width: number; height: number }[];
  readonly bannerShown: boolean;
  /** Layout at the viewport: the verdict block's box (null when absent) and the page's widths. */
  readonly verdict: { top: number; bottom: number; left: number; right: number } | null;
  readonly viewport: { width: number; height: number };
  readonly scrollWidth: number;
}

interface Viewport {
  readonly width: number;
  readonly height: number;
}

/** Loads an HTML file in a fresh headless Chromium profile; returns what the page reports and what went wrong. */
async function load(file: string, screenshot: string, viewport: Viewport = { width: 1280, height: 900 }, pdf?: string): Promise<{ check: PageCheck; expected: number; problems: string[] }> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'replbench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000, viewport,
  });
  const problems: string[] = [];
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`); });
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction("document.documentElement.getAttribute('data-rendered') !== null");
    // Evaluated in the page (as source text: the project compiles without the DOM library).
    const check = await page.evaluate<PageCheck>(`(() => {
      const data = JSON.parse(document.getElementById('replbench-data')?.textContent ?? '{"charts":[]}');
      return {
        rendered: document.documentElement.getAttribute('data-rendered'),
        plots: document.documentElement.getAttribute('data-plots'),
        charts: data.charts.map((c) => {
          const canvas = document.getElementById(c.id)?.querySelector('canvas');
          return { id: c.id, width: canvas?.width ?? 0, height: canvas?.height ?? 0 };
        }),
        bannerShown: (document.getElementById('render-error')?.style.display ?? '') === 'block',
        verdict: (() => {
          const box = document.getElementById('verdict')?.getBoundingClientRect();
          return box === undefined ? null : { top: box.top, bottom: box.bottom, left: box.left, right: box.right };
        })(),
        viewport: { width: window.innerWidth, height: window.innerHeight },
        scrollWidth: document.documentElement.scrollWidth,
      };
    })()`);
    const expected = check.charts.length;
    await page.screenshot({ path: screenshot, fullPage: true });
    if (pdf !== undefined) {
      await page.emulateMedia({ media: 'print' });
      await page.pdf({ path: pdf, format: 'A4' });
    }
    return { check, expected, problems };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function assertRendered(r: { check: PageCheck; expected: number; problems: string[] }, atLeast: number): void {
  assert.equal(r.problems, [], 'no console errors, page errors or requests');
  assert.is(r.check.rendered, 'ok');
  assert.ok(r.expected >= atLeast, `at least ${atLeast} charts`);
  assert.is(r.check.plots, String(r.expected));
  for (const c of r.check.charts) assert.ok(c.width > 0 && c.height > 0, `${c.id} drew a ${c.width}×${c.height} canvas`);
  assert.is(r.check.bannerShown, false);
}

const browser = suite('report.html in headless Chromium');
const test = existsSync(CHROMIUM) ? browser : browser.skip;
if (!existsSync(CHROMIUM)) console.log(`skipping the browser tests: ${CHROMIUM} is missing (apt-get install -y chromium)`);

test('a realistic run: every plot rendered, no console error, screenshot saved', async () => {
  const file = join(shots, 'report.html');
  const events = syntheticRun({ seed: 1, timeoutsPerRegion: 3 });
  writeFileSync(file, renderHtml(foldEvents(events)));
  const png = join(shots, 'report.png');
  const r = await load(file, png);
  assertRendered(r, 6);
  assert.ok(statSync(png).size > 10_000);
  console.log(`screenshot: ${png}`);
});

test('the fixture run with failed thresholds and a timed-out artifact renders too', async () => {
  const file = join(shots, 'fixture.html');
  writeFileSync(file, renderHtml(foldEvents(runEvents())));
  assertRendered(await load(file, join(shots, 'fixture.png')), 6);
});

for (const viewport of [{ width: 800, height: 600 }, { width: 1400, height: 900 }]) {
  test(`at ${viewport.width} px: the verdict block whole in the first screen, nothing wider than the page`, async () => {
    const file = join(shots, `report-${viewport.width}.html`);
    writeFileSync(file, renderHtml(foldEvents(syntheticRun({ seed: 1, timeoutsPerRegion: 3 }))));
    const pdf = viewport.width === 800 ? join(shots, 'report.pdf') : undefined;
    const r = await load(file, join(shots, `report-${viewport.width}.png`), viewport, pdf);
    assertRendered(r, 6);
    const { verdict, scrollWidth } = r.check;
    assert.is(r.check.viewport.width, viewport.width);
    assert.ok(verdict !== null, 'the page has a verdict block');
    assert.ok(verdict.top >= 0 && verdict.bottom <= viewport.height, `verdict spans ${verdict.top}–${verdict.bottom} px of a ${viewport.height} px screen`);
    assert.ok(verdict.left >= 0 && verdict.right <= viewport.width, `verdict spans ${verdict.left}–${verdict.right} px of ${viewport.width} px`);
    assert.ok(scrollWidth <= viewport.width, `page ${scrollWidth} px wide in a ${viewport.width} px window`);
    if (pdf !== undefined) {
      assert.ok(statSync(pdf).size > 10_000, 'printed to a PDF');
      console.log(`pdf: ${pdf}`);
    }
  });
}

test('compare.html: every overlay chart rendered', async () => {
  const a = foldEvents(syntheticRun({ seed: 1, images: 120 }));
  const b = foldEvents(syntheticRun({ seed: 2, images: 120, lagMedianMs: 800, lagP99Ms: 4000 }));
  const file = join(shots, 'compare.html');
  writeFileSync(file, renderCompareHtml(compareReports(a, b, DEFAULT_COMPARE_OPTIONS), a, b));
  assertRendered(await load(file, join(shots, 'compare.png')), 12);
});
browser.run();

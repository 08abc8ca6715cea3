/**
 * Opening an HTML report in Chromium for a test, watching for what a safe, offline page
 * never does: a dialog, a console error or warning, an uncaught error, a request for
 * anything but the file itself (which is aborted).
 */
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

export interface GuardedPage {
  readonly page: Page;
  /** Dialogs, console errors and warnings, uncaught page errors: each one line. */
  readonly errors: string[];
  /** URLs requested other than the file's. */
  readonly requests: string[];
}

/** Opens `file` from its file:// URL in a new page of `ctx`, recording errors and requests. */
export async function openGuarded(ctx: BrowserContext, file: string): Promise<GuardedPage> {
  const url = pathToFileURL(file).href;
  const page = await ctx.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u !== url) requests.push(u);
    return u === url ? route.continue() : route.abort();
  });
  await page.goto(url);
  return { page, errors, requests };
}

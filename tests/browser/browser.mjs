// What the browser tests share: one headless Chromium per test file, axe-core checks, keyboard
// helpers, and a watch on the console so that a Content-Security-Policy refusal or a script error
// fails the test instead of passing unnoticed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// A persistent context in a fresh profile directory; close() removes it again.
export async function launchBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.PLENARY_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1024, height: 800 },
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = watchConsole(page);
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Script errors and policy refusals seen by the page. HTTP errors the app expects and handles
// (401 from "am I signed in?", 403 and 422 shown as messages) are left out.
function watchConsole(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const text = message.text();
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    problems.push(`console ${message.type()} on ${page.url()}: ${text}`);
  });
  return problems;
}

export function assertNoConsoleProblems(problems) {
  assert.deepEqual(problems, [], `the page reported problems:\n${problems.join('\n')}`);
}

// Runs axe-core with the WCAG 2.0–2.2 A and AA rules and fails with a readable list.
export async function assertAccessible(page, label) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const lines = results.violations.map((violation) =>
    `${violation.id} (${violation.impact}): ${violation.help}\n` +
    violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.split('\n').join(' ')}`).join('\n'));
  assert.equal(results.violations.length, 0, `axe found problems on ${label} (${page.url()}):\n${lines.join('\n')}`);
  return results;
}

// Waits until the view whose h1 reads `heading` is on screen and done loading.
export async function waitForView(page, heading) {
  await page.waitForFunction((text) => {
    const main = document.querySelector('main');
    const h1 = main && main.querySelector('h1');
    return h1 && h1.textContent.trim() === text && !main.hasAttribute('aria-busy');
  }, heading);
  assert.equal(await page.locator('main h1').count(), 1, `one h1 on "${heading}"`);
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /\[object |undefined|NaN/, `"${heading}" shows no program leftovers`);
  // Each view names itself in the page title, which is what a screen reader reads on arrival.
  await page.waitForFunction((text) => document.title.includes(text), heading);
}

// Signs in through the sign-in page, which then goes on to `next`.
export async function signInThroughPage(page, origin, person, next) {
  await page.goto(`${origin}/sign-in?next=${encodeURIComponent(next)}`);
  await waitForView(page, 'Sign in');
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// Records every message the page's polite live region speaks into window.announced, so a test
// can ask whether one was said even after a later one replaced it.
export async function recordAnnouncements(page) {
  await page.evaluate(() => {
    window.announced = [];
    const region = document.getElementById('announcer');
    new MutationObserver(() => {
      if (region.textContent) window.announced.push(region.textContent);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
}

// A short description of what has keyboard focus, for matching and for assertion messages.
export function describeFocus(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { tag: 'body', text: '', id: '', className: '' };
    const labelledBy = (element.getAttribute('aria-labelledby') || '').split(' ')
      .map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
    const labelled = element.labels && element.labels[0] ? element.labels[0].textContent : '';
    return {
      tag: element.tagName.toLowerCase(),
      text: (element.getAttribute('aria-label') || labelledBy || labelled || element.textContent || element.value || '').replace(/\s+/g, ' ').trim(),
      id: element.id,
      className: typeof element.className === 'string' ? element.className : '',
    };
  });
}

// Presses Tab (Shift+Tab when backwards) until the focused element's text matches; fails after
// `max` presses. Only the keyboard moves focus.
export async function tabTo(page, matcher, { max = 60, backwards = false } = {}) {
  const matches = typeof matcher === 'function' ? matcher
    : (focus) => (matcher instanceof RegExp ? matcher.test(focus.text) : focus.text === matcher);
  const seen = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const focus = await describeFocus(page);
    if (matches(focus)) return focus;
    seen.push(`${focus.tag}:${focus.text.slice(0, 40)}`);
  }
  throw new Error(`Tab never reached ${matcher}; focus went through: ${seen.join(' → ')}`);
}

// True when the page needs no sideways scrolling (WCAG 1.4.10 reflow).
export function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

#!/usr/bin/env node
// tests/reader/read-epub.cjs -- open EPUBs in a real reading engine (foliate-js in headless
// Chromium, driven by puppeteer-core) and fail unless each one reads as a person would read it.
// SPDX-License-Identifier: MIT
//
// usage: node read-epub.cjs [--verbose] [--shots DIR] BOOK.epub [MORE.epub ...]
//
// Each book is opened in a fresh page with foliate-js's <foliate-view> (its paginated renderer),
// and every spine section and every TOC entry is shown in turn. The book FAILs when:
//   - the page reports an error: an uncaught exception, a console error (a resource that fails
//     to load included), or a console.warn made by foliate-js's own code, which is how it
//     reports invalid XHTML, an unreadable nav document, a spine item missing from the
//     manifest, or a section that fails to load;
//   - a spine section cannot be shown, or an <img> in it cannot be decoded;
//   - the package names a cover image but foliate's book.getCover() gives nothing, or bytes
//     the browser cannot decode as an image;
//   - the table of contents (book.toc) is empty;
//   - a TOC entry, at any depth, cannot be reached: its href must resolve to a spine section,
//     view.goTo(href) must show that section, the section and the page shown must have text,
//     and a #fragment must name an element of the section that is on the page shown. (An
//     entry without a link is accepted only as the heading of a nested list, as EPUB allows.)
//   - no chapter shows READER_MIN_CHARS characters of text or more. Chapters are the sections
//     the TOC leads to (all linear sections if it leads nowhere), not the cover, title page or
//     nav. The default, 60, is below the longest chapter of each test book (85 in mdbook).
// Prints one PASS or FAIL line per book (a FAIL lists its problems), then "N passed, N failed";
// exits 1 if a book failed, 2 on a usage or set-up error. --verbose prints what each step
// found; --shots DIR saves DIR/<book>.png, the page where the text starts (bodymatter).
//
// Environment: READER_NODE_MODULES  directory holding puppeteer-core and foliate-js
//                                   (default: node_modules beside this file)
//              CHROMIUM             browser binary (default /usr/bin/chromium)
//              READER_MIN_CHARS     characters the longest chapter must show (default 60)
//              READER_TIMEOUT_MS    time allowed for one book (default 60000)
// Uses only APIs that Node 18 (Debian 12's nodejs) has.
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const MODULES = path.resolve(process.env.READER_NODE_MODULES || path.join(__dirname, 'node_modules'));
const FOLIATE = path.join(MODULES, 'foliate-js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const MIN_CHARS = Number(process.env.READER_MIN_CHARS || 60);
const TIMEOUT_MS = Number(process.env.READER_TIMEOUT_MS || 60000);

function usage(message) {
  if (message) console.error('read-epub: ' + message);
  console.error('usage: node read-epub.cjs [--verbose] [--shots DIR] BOOK.epub [MORE.epub ...]');
  process.exit(2);
}

// ---- command line --------------------------------------------------------------------------
const books = [];
let shotsDir = null;
let verbose = false;
for (let args = process.argv.slice(2); args.length;) {
  const arg = args.shift();
  if (arg === '--shots') {
    if (!args.length) usage('--shots needs a directory');
    shotsDir = path.resolve(args.shift());
  } else if (arg === '-v' || arg === '--verbose') verbose = true;
  else if (arg.startsWith('-')) usage('unknown option ' + arg);
  else books.push(path.resolve(arg));
}
if (!books.length) usage('no book given');
for (const book of books) if (!fs.statSync(book, { throwIfNoEntry: false })?.isFile()) usage('no such file: ' + book);
if (!fs.existsSync(path.join(FOLIATE, 'view.js'))) usage('foliate-js not found in ' + MODULES + ' (set READER_NODE_MODULES)');
if (!fs.existsSync(CHROMIUM)) usage('no browser at ' + CHROMIUM + ' (set CHROMIUM)');
const puppeteer = require(path.join(MODULES, 'puppeteer-core'));
const foliateVersion = require(path.join(FOLIATE, 'package.json')).version;
if (shotsDir) fs.mkdirSync(shotsDir, { recursive: true });

// ---- a static server on 127.0.0.1: the harness page, foliate-js, and the books ----------------
// The harness only holds an empty page; everything else happens through page.evaluate below.
const HARNESS = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>sheaf reader test</title>
<link rel="icon" href="data:,">
<style>html, body { margin: 0; height: 100%; } foliate-view { display: block; height: 100%; }</style>
</head><body></body></html>
`;
const TYPES = { '.js': 'text/javascript', '.json': 'application/json', '.epub': 'application/epub+zip' };

function startServer() {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    let file = null;
    if (url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(HARNESS);
    }
    const book = /^\/book\/(\d+)\.epub$/.exec(url);
    if (book && books[book[1]]) file = books[book[1]];
    else if (url.startsWith('/foliate/')) {
      const candidate = path.join(FOLIATE, path.normalize(url.slice('/foliate/'.length)));
      if (candidate.startsWith(FOLIATE + path.sep)) file = candidate;
    }
    if (!file || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found\n');
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---- functions that run in the page -----------------------------------------------------------
// Open the book in a <foliate-view>; describe its spine, TOC (flattened) and cover.
async function pageOpen(url) {
  await import('/foliate/view.js');
  const view = document.createElement('foliate-view');
  document.body.append(view);
  await view.open(url);
  const book = view.book;
  globalThis.test = { view, book, relocated: null, loaded: null };
  view.addEventListener('relocate', e => { globalThis.test.relocated = e.detail; });
  // A section whose file is missing loads as nothing, and foliate then keeps showing the
  // previous document while it reports the new index: trust only the documents it loaded.
  view.addEventListener('load', e => { globalThis.test.loaded = e.detail; });

  const flatten = (items, depth) => (items || []).flatMap(item => [
    { label: (item.label || '').trim(), href: item.href || null, depth, children: (item.subitems || []).length },
    ...flatten(item.subitems, depth + 1)]);

  const cover = { href: book.resources?.cover?.href || null };
  if (cover.href) {
    try {
      const blob = await book.getCover();
      cover.bytes = blob ? blob.size : 0;
      // getCover() wraps whatever the zip gave, even nothing, in a Blob: decode to be sure.
      const img = new Image();
      img.src = URL.createObjectURL(blob);
      await img.decode();
      cover.width = img.naturalWidth;
      cover.height = img.naturalHeight;
      URL.revokeObjectURL(img.src);
    } catch (e) {
      cover.error = String(e && e.message || e);
    }
  }
  return {
    spine: book.sections.map(s => ({ id: s.id, linear: s.linear !== 'no' })),
    toc: flatten(book.toc, 0),
    cover,
  };
}

// Show one target (a spine index or a TOC href) and describe what the view shows.
async function pageShow(target) {
  const { view, book } = globalThis.test;
  const textOf = node => (node?.innerText ?? node?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const result = {};
  let fragment = null;
  if (typeof target === 'string') {
    const resolved = book.resolveHref(target);
    if (!resolved) return { error: 'its href names no item of the package' };
    if (resolved.index < 0) return { error: 'its href names a file that is not in the spine' };
    result.index = resolved.index;
    fragment = target.includes('#') ? target.slice(target.indexOf('#') + 1) : null;
  } else result.index = target;

  globalThis.test.relocated = null;
  await view.goTo(target);
  const shown = view.renderer.getContents()[0];
  const { relocated, loaded } = globalThis.test;
  if (!shown || !relocated) return { ...result, error: 'the view did not move' };
  if (!loaded || loaded.doc !== shown.doc)
    return { ...result, error: 'the view shows no document that foliate loaded' };
  if (loaded.index !== result.index)
    return { ...result, shownIndex: loaded.index, error: 'the section did not load' };
  result.shownIndex = loaded.index;
  await shown.doc.fonts.ready;
  result.sectionChars = textOf(shown.doc.body).length;
  // every image of the section must decode (foliate turns a missing file into a broken blob:
  // no error is logged for it)
  result.brokenImages = [];
  for (const img of shown.doc.querySelectorAll('img')) {
    try { await img.decode(); } catch (e) {
      result.brokenImages.push(img.getAttribute('alt') || img.getAttribute('src') || '?');
    }
  }
  result.pageChars = (relocated.range ? relocated.range.toString() : '').replace(/\s+/g, ' ').trim().length;
  if (fragment !== null) {
    let id = fragment;
    try { id = decodeURIComponent(fragment); } catch (e) { /* keep it as written */ }
    const el = book.getTOCFragment(shown.doc, id);
    result.fragmentFound = !!el;
    result.fragmentOnPage = !!el && !!relocated.range && relocated.range.intersectsNode(el);
  }
  return result;
}

async function pageShowTextStart() {
  const { view } = globalThis.test;
  await view.goToTextStart();
  const shown = view.renderer.getContents()[0];
  if (shown) await shown.doc.fonts.ready;
  return shown ? shown.index : -1;
}

// ---- one book ---------------------------------------------------------------------------------
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function readBook(browser, base, number, file) {
  const name = path.basename(file);
  const problems = [];
  let step = 'opening';
  const page = await browser.newPage();
  page.on('pageerror', e => problems.push(`${step}: uncaught exception: ${e.message}`));
  page.on('error', e => problems.push(`${step}: page crashed: ${e.message}`));
  page.on('console', msg => {
    const where = msg.location()?.url || '';
    const type = msg.type();
    if (type === 'error') problems.push(`${step}: console error: ${msg.text()}${where ? ' (' + where + ')' : ''}`);
  });
  // foliate-js reports a broken book (invalid XHTML, an unreadable nav, a section that fails to
  // load) only with console.warn: turn the warnings its own code makes into errors. (Chromium's
  // own warnings, e.g. about the sandbox of foliate's iframes, say nothing about the book.)
  await page.evaluateOnNewDocument(() => {
    const warn = console.warn.bind(console);
    console.warn = (...args) => {
      if (/\/foliate\/[^\s]*\.js/.test(new Error().stack || ''))
        console.error('foliate-js warning:', ...args.map(a => a && a.stack ? a.stack.split('\n')[0] : a));
      else warn(...args);
    };
  });
  await page.setViewport({ width: 800, height: 1000 });

  let summary = '';
  const work = (async () => {
    await page.goto(base + '/', { waitUntil: 'load' });
    const book = await page.evaluate(pageOpen, `/book/${number}.epub`);
    if (verbose) console.log(`  ${name}: cover ${JSON.stringify(book.cover)}, ${book.spine.length} spine sections`);

    // cover
    let coverNote = 'no cover';
    if (book.cover.href) {
      const c = book.cover;
      if (c.error || !c.bytes) problems.push(`cover ${c.href}: cannot be loaded (${c.error || 'empty'}, ${c.bytes || 0} bytes)`);
      else coverNote = `cover ${c.bytes} bytes`;
    }

    // every spine section, in the view: each must load and be shown
    const chars = [];
    for (let i = 0; i < book.spine.length; i++) {
      step = `spine section ${i} (${book.spine[i].id})`;
      const r = await page.evaluate(pageShow, i);
      if (verbose) console.log(`  ${step}: ${JSON.stringify(r)}`);
      if (r.error || r.shownIndex !== i)
        problems.push(`${step}: not shown: ${r.error || 'the view shows another section'}` +
          (r.shownIndex !== undefined && r.shownIndex !== i ? `, the view still shows section ${r.shownIndex}` : ''));
      else chars[i] = r.sectionChars;
      for (const alt of r.brokenImages || []) problems.push(`${step}: an image cannot be shown (alt "${alt}")`);
    }

    // every TOC entry, at any depth
    step = 'checking';
    if (!book.toc.length) problems.push('the table of contents (book.toc) is empty');
    let reachable = 0, headings = 0;
    const chapters = new Set();  // the sections the TOC leads to
    for (const entry of book.toc) {
      step = `TOC entry "${entry.label}" -> ${entry.href}`;
      const why = [];
      if (!entry.href && entry.children) { headings++; continue; }  // a <span> heading over a list
      if (!entry.href) why.push('it has no link and heads no list');
      else {
        const r = await page.evaluate(pageShow, entry.href);
        if (verbose) console.log(`  ${step}: ${JSON.stringify(r)}`);
        if (r.error) why.push(r.error + (r.shownIndex !== undefined ? `, the view still shows section ${r.shownIndex}` : ''));
        else {
          chapters.add(r.index);
          if (r.shownIndex !== r.index) why.push(`the view shows section ${r.shownIndex}, not ${r.index}`);
          if (!r.sectionChars) why.push('the section has no text');
          else if (!r.pageChars) why.push('the page shown has no text');
          if (r.fragmentFound === false) why.push('its #fragment names no element of the section');
          else if (r.fragmentOnPage === false) why.push('its #fragment is not on the page shown');
        }
      }
      if (why.length) problems.push(`${step}: unreachable: ${why.join('; ')}`);
      else reachable++;
    }

    // chapter text: the cover, title page and nav do not count unless the TOC leads to them
    step = 'checking';
    if (!chapters.size) book.spine.forEach((s, i) => s.linear && chapters.add(i));
    const counts = [...chapters].map(i => chars[i] || 0);
    const withText = counts.filter(n => n > 0).length;
    const longest = Math.max(0, ...counts);
    if (longest < MIN_CHARS)
      problems.push(`no chapter shows ${MIN_CHARS} or more characters of text (the longest shows ${longest})`);
    const headingNote = headings ? ` (+${headings} heading${headings > 1 ? 's' : ''} without link)` : '';
    summary = `${reachable} TOC entr${reachable === 1 ? 'y' : 'ies'} reachable${headingNote}, ${coverNote}, ` +
      `${withText} chapter${withText === 1 ? '' : 's'} with text (longest ${longest} characters)`;

    if (shotsDir) {
      step = 'screenshot';
      await page.evaluate(pageShowTextStart);
      await sleep(300);  // let the paginator lay out the columns before the picture
      await page.screenshot({ path: path.join(shotsDir, name.replace(/\.epub$/i, '') + '.png') });
    }
    await sleep(100);  // console events are delivered asynchronously: collect the last ones
  })();

  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    await Promise.race([work, timeout]);
  } catch (e) {
    problems.push(`${step}: ${String(e && e.message || e).split('\n')[0]}`);
  } finally {
    clearTimeout(timer);
    work.catch(() => {});
    await page.close().catch(() => {});
  }
  if (problems.length) {
    console.log(`FAIL ${name}: ${problems.length} problem${problems.length > 1 ? 's' : ''}`);
    for (const p of problems) {
      const line = p.replace(/\s+/g, ' ');
      console.log('  ' + (line.length > 300 ? line.slice(0, 299) + '…' : line));
    }
    return false;
  }
  console.log(`PASS ${name}: ${summary}`);
  return true;
}

// ---- main -------------------------------------------------------------------------------------
(async () => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheaf-reader-chromium-'));
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  let browser;
  let failed = 0;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,  // puppeteer adds --headless=new
      userDataDir,     // a fresh profile, removed at the end
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage'],
    });
    console.log(`read-epub: foliate-js ${foliateVersion}, ${await browser.version()}, node ${process.version}`);
    for (let i = 0; i < books.length; i++) if (!await readBook(browser, base, i, books[i])) failed++;
  } catch (e) {
    console.error('read-epub: ' + (e && e.stack || e));
    failed = -1;
  } finally {
    if (browser) await Promise.race([browser.close(), sleep(10000)]).catch(() => {});
    server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  if (failed < 0) process.exit(2);
  console.log(`read-epub: ${books.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();

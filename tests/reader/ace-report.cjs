#!/usr/bin/env node
// tests/reader/ace-report.cjs -- read the report.json DAISY Ace wrote for one book and pass
// it only when Ace found no violation at all, of any impact (minor, moderate, serious, critical).
// SPDX-License-Identifier: MIT
//
// usage: node ace-report.cjs NAME REPORT.json
//
// The report is EARL in JSON-LD: report["assertions"] holds one assertion per checked file
// (its "earl:testSubject".url: the package document, the nav document, each content document),
// and each of those holds in its own "assertions" the rules that failed there: "earl:test"
// gives the rule id ("dct:title", e.g. image-alt), its help ("dct:description") and its
// "earl:impact"; "earl:result" the outcome, what is wrong ("dct:description"), where
// ("earl:pointer".css) and the offending markup ("html").
//
// Prints "ace: PASS NAME (N files checked)", or "ace: FAIL NAME: N violation(s)" followed by
// one block per violation: impact, rule id and help, file, selector, what is wrong, markup.
// Exit status: 0 pass, 1 violations (or a report that says "fail" but names none, or that
// checked no content document), 2 usage error or unreadable report.
'use strict';
const fs = require('fs');

const [name, file] = process.argv.slice(2);
if (!name || !file || process.argv.length !== 4) {
  console.error('usage: node ace-report.cjs NAME REPORT.json');
  process.exit(2);
}
let report;
try {
  report = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`ace: FAIL ${name}: cannot read the Ace report ${file}: ${e.message}`);
  process.exit(2);
}

const list = (v) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const oneLine = (s, max) => {
  const t = String(s === undefined ? '' : s).replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
};

const violations = [];
const subjects = [];
for (const doc of list(report.assertions)) {
  const url = (doc['earl:testSubject'] || {}).url || '(unknown file)';
  subjects.push(url);
  for (const a of list(doc.assertions)) {
    const result = a['earl:result'] || {};
    const outcome = result['earl:outcome'];
    if (outcome === 'pass' || outcome === 'inapplicable') continue;
    const test = a['earl:test'] || {};
    const pointer = result['earl:pointer'] || {};
    violations.push({
      impact: test['earl:impact'] || '(no impact)',
      rule: test['dct:title'] || '(no rule id)',
      help: test['dct:description'] || '',
      url,
      where: list(pointer.css).join(', '),
      what: result['dct:description'] || '',
      html: result.html || '',
    });
  }
}

const overall = (report['earl:result'] || {})['earl:outcome'];
const problems = [];
if (!subjects.some((u) => /\.x?html?$/i.test(u)))
  problems.push('the report checked no content document (' + (subjects.join(', ') || 'none') + ')');
if (overall !== 'pass' && !violations.length)
  problems.push(`the report's outcome is "${overall}" but it lists no violation`);

if (!violations.length && !problems.length) {
  console.log(`ace: PASS ${name} (${subjects.length} files checked, no violations)`);
  process.exit(0);
}
const order = { critical: 0, serious: 1, moderate: 2, minor: 3 };
violations.sort((a, b) => (order[a.impact] ?? 9) - (order[b.impact] ?? 9) || a.url.localeCompare(b.url));
console.log(`ace: FAIL ${name}: ${violations.length} violation(s)` +
            (problems.length ? `; ${problems.join('; ')}` : ''));
for (const v of violations) {
  console.log(`  ${v.impact.padEnd(8)} ${v.rule} -- ${oneLine(v.help, 120)}`);
  console.log(`           file: ${v.url}${v.where ? '  at: ' + oneLine(v.where, 120) : ''}`);
  if (v.what) console.log(`           what: ${oneLine(v.what, 300)}`);
  if (v.html) console.log(`           markup: ${oneLine(v.html, 300)}`);
}
process.exit(1);

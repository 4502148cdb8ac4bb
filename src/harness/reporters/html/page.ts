import { createHash } from 'node:crypto';
import { escapeHtml } from './escape';

/** The report's stylesheet: readable on a laptop, printable (details open, no controls). */
export const REPORT_CSS = `
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --skip: #6e7781; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 80rem; }
h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; white-space: pre-wrap; overflow-wrap: anywhere; margin: .25rem 0 .75rem; }
pre .ln { display: inline-block; min-width: 4ch; margin-right: 1ch; padding-right: .5ch; text-align: right; color: var(--skip); border-right: 1px solid var(--line); user-select: none; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .2rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--soft); }
.verdict { display: inline-block; min-width: 3.2rem; text-align: center; font-weight: 600; border-radius: 4px; padding: 0 .3rem; color: #fff; }
.v-pass { background: var(--pass); } .v-fail { background: var(--fail); } .v-warn { background: var(--warn); } .v-skip { background: var(--skip); } .v-info { background: #0969da; }
.banner { padding: .6rem 1rem; border-radius: 6px; font-weight: 600; color: #fff; margin: .5rem 0 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; }
dl.facts dt { color: var(--skip); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.counts span { margin-right: .75rem; }
table.matrix th.scenario { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 500; padding: .4rem .1rem; }
table.matrix td.cell { text-align: center; padding: 0; width: 1.7rem; height: 1.7rem; font-weight: 700; }
table.matrix td.cell a { display: block; color: inherit; text-decoration: none; }
table.matrix td.c-pass { color: var(--pass); } table.matrix td.c-fail { background: var(--fail); color: #fff; }
table.matrix td.c-warn { background: #fff8c5; color: var(--warn); } table.matrix td.c-skip { color: var(--skip); }
table.matrix td.none { background: repeating-linear-gradient(45deg, #fff, #fff 3px, var(--soft) 3px, var(--soft) 6px); }
table.matrix th.check { white-space: nowrap; font-weight: 500; } table.matrix tr.row-fail th.check { color: var(--fail); font-weight: 700; }
table.matrix tr.row-warn th.check { color: var(--warn); font-weight: 600; }
.legend span { margin-right: 1rem; }
details.check { border: 1px solid var(--line); border-left: 4px solid var(--skip); border-radius: 6px; margin: .5rem 0; padding: .25rem .75rem; }
details.check.fail { border-left-color: var(--fail); } details.check.warn { border-left-color: var(--warn); }
details > summary { cursor: pointer; padding: .2rem 0; }
details.check > summary { font-weight: 600; }
details.scenario { margin: .25rem 0 .5rem 1rem; } details.scenario > summary { font-weight: 500; }
.rule { font-style: italic; margin: .25rem 0 .5rem; }
.finding { margin: .25rem 0 .5rem; } .where { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; color: var(--skip); }
.muted { color: var(--skip); }
.controls { margin: .5rem 0; } .controls button { font: inherit; margin-right: .5rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  code, pre, .mono, .where { font-size: 10px; }
  .controls { display: none !important; }
  details::details-content { content-visibility: visible; display: contents; }
  details > summary { list-style: none; }
  a { color: inherit; text-decoration: none; }
  .verdict, .banner, td.c-fail, td.c-warn, .v-pass, .v-fail, .v-warn, .v-skip, .v-info { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details.check, tr { break-inside: avoid; }
}
`;

/**
 * The report's only script: shows the expand/collapse buttons, opens every `<details>` for printing
 * (and restores them after), and opens the drill-down a matrix link points at. The page works
 * without it.
 */
export const REPORT_SCRIPT = `
(function () {
  var all = function () { return Array.prototype.slice.call(document.querySelectorAll('details')); };
  var controls = document.querySelector('.controls');
  if (controls) {
    controls.hidden = false;
    controls.addEventListener('click', function (e) {
      var open = e.target && e.target.getAttribute && e.target.getAttribute('data-open');
      if (open !== null && open !== undefined) all().forEach(function (d) { d.open = open === '1'; });
    });
  }
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = all().filter(function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () { closed.forEach(function (d) { d.open = false; }); closed = []; });
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (var p = el; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true;
    if (el) el.scrollIntoView();
  }
  window.addEventListener('hashchange', reveal);
  reveal();
})();
`;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * A complete self-contained HTML document: inline CSS and script, no external resources. Its
 * Content-Security-Policy forbids every fetch and allows only its own script (by hash), so even
 * markup that slipped through escaping could neither run nor load anything.
 * @example htmlPage({ title: 'chat-contract report', body: '<h1>…</h1>' })
 */
export function htmlPage(page: { title: string; body: string; css?: string; script?: string }): string {
  const css = page.css ?? REPORT_CSS;
  const script = page.script ?? REPORT_SCRIPT;
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src 'sha256-${sha256(script)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    page.body,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The studio's one self-contained HTML page: markup, style, the bundled models and the file to
 * start from (as JSON in a script element that cannot close early). Pure: the same bundle and
 * file give the same bytes.
 */
import escapeHtml from 'lodash/escape.js';

export interface StudioFile {
  readonly file: string;
  readonly text: string;
}

/** JSON safe inside a `<script>` element: no `<`, `>` or `&` survive. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const css = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a; background: #f8fafc; }
header { background: #fff; border-bottom: 1px solid #e2e8f0; padding: 10px 20px; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
header h1 { font-size: 18px; margin: 0 12px 0 0; }
header label { font-size: 13px; color: #475569; display: inline-flex; gap: 4px; align-items: center; }
details.settings { width: 100%; font-size: 13px; }
#settings { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-top: 6px; }
#settings label span { font-family: ui-monospace, monospace; }
#status { width: 100%; margin: 0; font-size: 13px; color: #334155; overflow-wrap: anywhere; }
#status.error { color: #b91c1c; font-weight: 600; }
#status.warning { color: #a16207; font-weight: 600; }
button { font: inherit; font-size: 13px; padding: 3px 9px; border: 1px solid #cbd5e1; border-radius: 5px; background: #fff; cursor: pointer; }
button:hover:not(:disabled) { background: #eff6ff; border-color: #93c5fd; }
button:disabled { color: #94a3b8; cursor: default; }
#workspace { display: grid; grid-template-columns: minmax(220px, 300px) minmax(0, 1fr); gap: 16px; padding: 14px 20px; }
#workspace[hidden] { display: none; }
aside { background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 8px; max-height: calc(100vh - 150px); overflow: auto; position: sticky; top: 8px; }
aside h2 { font-size: 14px; margin: 0 0 6px; color: #334155; }
#timeline { list-style: none; margin: 0; padding: 0; font: 12.5px/1.5 ui-monospace, monospace; }
#timeline li { padding: 1px 6px; border-radius: 4px; cursor: pointer; overflow-wrap: anywhere; }
#timeline li:hover { background: #f1f5f9; }
#timeline li.current { background: #dbeafe; font-weight: 700; }
#timeline li.future { color: #94a3b8; }
#timeline li.broken .mark { color: #b91c1c; font-weight: 700; }
#timeline li.phase { cursor: default; color: #0369a1; font-weight: 600; margin-top: 4px; }
#timeline li.liveness .index { color: #0369a1; }
#timeline .index { display: inline-block; min-width: 2.5em; color: #64748b; text-align: right; }
main section { background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 10px 14px; margin-bottom: 12px; }
main h2 { font-size: 14px; margin: 0 0 6px; color: #334155; }
.controls { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
#cursor { font-weight: 700; margin: 0 8px; }
#event-now .sentence { font-weight: 600; }
#event-now .sentence.noop { color: #64748b; font-style: italic; }
#event-now .detail { color: #475569; font: 12.5px/1.5 ui-monospace, monospace; padding-left: 14px; overflow-wrap: anywhere; }
table.nodes { border-collapse: collapse; width: 100%; font-size: 13px; }
table.nodes .updown { white-space: nowrap; }
table.nodes th { text-align: left; padding: 3px 10px 3px 0; white-space: nowrap; vertical-align: top; }
table.nodes td { padding: 3px 10px 3px 0; vertical-align: top; overflow-wrap: anywhere; }
tr.down th, tr.down .updown { color: #b91c1c; }
.field { display: inline-block; margin-right: 12px; font-family: ui-monospace, monospace; font-size: 12.5px; }
.field b { font-weight: 600; color: #475569; }
.field.changed { background: #fef9c3; border-radius: 3px; padding: 0 3px; }
ul.plain { list-style: none; margin: 0; padding: 0; }
.property { display: inline-block; padding: 1px 10px 1px 0; }
.property.broken { display: block; }
.property .badge { display: inline-block; width: 1.4em; text-align: center; font-weight: 700; }
.property.holds .badge { color: #16a34a; }
.property.broken { color: #b91c1c; font-weight: 600; }
.property.at-end { color: #64748b; }
.property .message { font-weight: 400; margin-left: 1.4em; overflow-wrap: anywhere; }
.property .note { font-size: 12px; }
.in-flight-message { font: 12.5px/1.9 ui-monospace, monospace; overflow-wrap: anywhere; }
.in-flight-message .candidate { padding: 0 6px; margin-right: 3px; }
.in-flight-message .route { color: #2563eb; font-weight: 600; }
.in-flight-message .sent { color: #94a3b8; }
.in-flight-message[data-choice=""] { color: #94a3b8; }
.candidates { display: flex; flex-wrap: wrap; gap: 5px; margin: 4px 0 8px; }
.candidate { font-family: ui-monospace, monospace; font-size: 12px; }
.group { font-size: 12px; color: #64748b; margin-top: 4px; }
#history li.ok { color: #15803d; } #history li.fail { color: #b91c1c; } #history li.unknown { color: #b45309; } #history li.pending { color: #64748b; }
#finish-result { margin-top: 6px; overflow-wrap: anywhere; }
`;

const body = `
<header>
  <h1>faultline studio</h1>
  <label>protocol <select id="protocol"></select></label>
  <label>variant <select id="variant"></select></label>
  <label>seed <input id="seed" type="number" min="0" value="0" size="6"></label>
  <button id="new">new exploration</button>
  <label>load an artifact or scenario <input id="load-file" type="file" accept=".json,.scenario,.txt"></label>
  <button id="export-scenario">export scenario</button>
  <button id="export-artifact">export artifact</button>
  <details class="settings"><summary>settings</summary><div id="settings"></div></details>
  <p id="status" role="status"></p>
</header>
<div id="workspace" hidden>
  <aside><h2>schedule</h2><ol id="timeline"></ol></aside>
  <main>
    <section>
      <div class="controls">
        <button id="to-start" title="the start">start</button><button id="step-back" title="one step back (←)">◀ back</button>
        <span id="cursor"></span>
        <button id="step-forward" title="one step forward (→)">forward ▶</button><button id="to-end" title="the last step">end</button>
        <button id="to-violation">to the violation</button>
        <button id="finish" title="run the whole schedule as faultline replay does: liveness phase and end checks">finish the run</button>
      </div>
      <div id="event-now"></div>
      <div id="finish-result"></div>
    </section>
    <section><h2>nodes</h2><table class="nodes"><tbody id="nodes"></tbody></table></section>
    <section><h2>properties <small>(✓ holds, ✗ broken, … checked at the end, after the liveness phase)</small></h2><ul class="plain" id="properties"></ul></section>
    <section><h2>next event <small>(choosing one before the last step branches: what if this happened instead?)</small></h2>
      <div class="group">network: <span id="network"></span></div><ul class="plain" id="in-flight"></ul>
      <div class="group">nodes</div><div class="candidates" id="candidates-node"></div>
      <div class="group">network</div><div class="candidates" id="candidates-network"></div>
      <div class="group">client operation</div>
      <div class="candidates"><select id="client-node"></select><select id="client-id"></select><input id="client-op" placeholder="operation, e.g. write 7" size="24"><button id="invoke">invoke</button></div>
    </section>
    <section><h2>client history</h2><ul class="plain" id="history"></ul></section>
  </main>
</div>
`;

/** The page: `bundle` is the studio script (esbuild IIFE), `start` the file to open first, if any. */
export function studioPage(bundle: string, start: StudioFile | null): string {
  const data = scriptJson({ file: start?.file ?? null, text: start?.text ?? null });
  // A script element ends at the first "</script": the bundle must not contain one.
  const script = bundle.replace(/<\/(script)/gi, '<\\/$1');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No icon to fetch: the page asks the server for nothing but itself.
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(`faultline studio${start ? ` · ${start.file}` : ''}`)}</title>`,
    `<style>${css}</style>`,
    '</head><body>',
    body,
    `<script type="application/json" id="studio-data">${data}</script>`,
    `<script>${script}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

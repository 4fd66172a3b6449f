/**
 * The studio page (runs in the browser; bundled by `faultline studio` with esbuild): the same pure
 * protocol models and simulator as the command line, driven by hand. Choose a protocol, variant
 * and settings or load an artifact or scenario; step forward and back; at any step pick the next
 * event yourself (deliver, drop or duplicate a message, tick, crash or restart a node, partition,
 * heal, a client operation) and branch; export a scenario file and an artifact for `faultline replay`.
 *
 * Everything from input is put on the page with `textContent`, never parsed as HTML.
 *
 * Stable hooks for tests: `#step-back`, `#step-forward`, `#to-start`, `#to-end`, `#to-violation`,
 * `#cursor` ("after step 85L (steps 0–85L)"), `.candidate[data-event]`, `.property[data-property][data-status]`,
 * `.node-state[data-node]`, `.in-flight-message[data-choice]`, `#export-scenario`,
 * `#export-artifact`, `#load-file`, `#status`, `#timeline li[data-index]`.
 */
import { describeSettings } from '../core/settings.ts';
import type { AnyProtocol } from '../core/types.ts';
import { protocols as registered } from '../protocols/registry.ts';
import { loadStudioFile, StudioSession, studioEventsMax, studioSetup, type Candidate } from './session.ts';
import { faultlineCommand } from '../core/command-name.ts';

interface InitialData {
  readonly file: string | null;
  readonly text: string | null;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  if (text !== undefined) created.textContent = text;
  return created;
}

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

let session: StudioSession | null = null;
let cursor = 0;
/** Name for exported files: the loaded file's, or protocol-variant. */
let exportName = 'studio';

function status(text: string, kind: 'info' | 'warning' | 'error' = 'info'): void {
  const line = byId('status');
  line.textContent = text;
  line.className = kind;
}

function download(name: string, text: string, type: string): void {
  const link = element('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * The registered protocols, then the user's own (`faultline studio --protocol NAME --protocol-module
 * FILE`): the command bundles the module before this script and leaves it in this global.
 */
const userProtocols = (globalThis as { faultlineStudioProtocols?: readonly AnyProtocol[] }).faultlineStudioProtocols ?? [];
const protocols: readonly AnyProtocol[] = [...userProtocols, ...registered];

// --- setup form -------------------------------------------------------------------------------

function protocolNamed(name: string): AnyProtocol {
  return protocols.find((protocol) => protocol.name === name) ?? (protocols[0] as AnyProtocol);
}

function fillVariants(protocol: AnyProtocol, selected?: string): void {
  const select = byId<HTMLSelectElement>('variant');
  select.replaceChildren(...protocol.variants.map((variant) => element('option', { value: variant.name, title: variant.description }, variant.name)));
  if (selected) select.value = selected;
}

function fillSettings(protocol: AnyProtocol, config?: unknown): void {
  const box = byId('settings');
  const values = (config ?? {}) as Record<string, unknown>;
  box.replaceChildren(
    ...describeSettings(protocol).map((row) => {
      const label = element('label', { title: row.meaning });
      label.append(element('span', {}, row.name));
      const value = values[row.name] ?? row.defaultValue;
      if (row.choices) {
        const select = element('select', { 'data-setting': row.name });
        select.append(...row.choices.map((choice) => element('option', { value: choice }, choice)));
        select.value = String(value);
        label.append(select);
      } else if (row.type === 'boolean') {
        const input = element('input', { type: 'checkbox', 'data-setting': row.name });
        input.checked = value === true;
        label.append(input);
      } else {
        label.append(
          element('input', { type: row.type === 'string' ? 'text' : 'number', value: String(value), 'data-setting': row.name, size: '6' }),
        );
      }
      return label;
    }),
  );
}

function settingsFromForm(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const input of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-setting]')) {
    const name = input.getAttribute('data-setting') ?? '';
    settings[name] = input instanceof HTMLInputElement && input.type === 'checkbox' ? String(input.checked) : input.value;
  }
  return settings;
}

function newSession(): void {
  const protocol = protocolNamed(byId<HTMLSelectElement>('protocol').value);
  const seed = Number(byId<HTMLInputElement>('seed').value || '0');
  if (!Number.isSafeInteger(seed) || seed < 0) {
    status(`seed: expected a non-negative integer, got "${byId<HTMLInputElement>('seed').value}"`, 'error');
    return;
  }
  const setup = studioSetup(protocol, byId<HTMLSelectElement>('variant').value, settingsFromForm(), seed);
  if ('error' in setup) {
    status(setup.error, 'error');
    return;
  }
  session = new StudioSession(setup);
  cursor = 0;
  exportName = `${protocol.name}-${setup.variant}`;
  status(`new exploration: ${protocol.name} / ${setup.variant}; choose the first event below`);
  render();
}

function load(file: string, text: string): void {
  const loaded = loadStudioFile(file, text, protocols);
  if ('error' in loaded) {
    status(loaded.error, 'error');
    return;
  }
  session = loaded.session;
  const { setup } = session;
  byId<HTMLSelectElement>('protocol').value = setup.protocol.name;
  fillVariants(setup.protocol, setup.variant);
  fillSettings(setup.protocol, setup.config);
  byId<HTMLInputElement>('seed').value = String(setup.randomSeed);
  cursor = 0;
  exportName = (file.split(/[\\/]/).pop() ?? 'studio').replace(/\.(json|scenario)$/, '');
  // The warnings `faultline replay` prints when this run is not the one the artifact recorded.
  if (loaded.warnings.length > 0) status(`loaded ${file}: ${session.summaryText()}. ${loaded.warnings.join('. ')}`, 'warning');
  else status(`loaded ${file}: ${session.summaryText()}`);
  render();
}

// --- rendering --------------------------------------------------------------------------------

function go(to: number): void {
  if (!session) return;
  cursor = Math.max(0, Math.min(to, session.length));
  render();
}

function choose(candidate: Candidate): void {
  if (!session) return;
  if (session.endsAt(cursor)) {
    status(
      `the run ends here, at the violation after step ${session.stepName(cursor - 1)}, as ${faultlineCommand} replay's does: step back to choose another event`,
      'error',
    );
    return;
  }
  if (session.length >= studioEventsMax && cursor >= session.length) {
    status(`the studio keeps ${studioEventsMax} events at most`, 'error');
    return;
  }
  const discarded = session.events.length - cursor;
  session = session.branch(cursor, candidate.event);
  cursor += 1;
  status(
    discarded > 0
      ? `branched at step ${cursor - 1}: ${candidate.text} instead of the ${discarded} later scheduled event${discarded === 1 ? '' : 's'}`
      : `step ${cursor - 1}: ${candidate.text} (the steps before it are now scheduled events; the liveness phase follows)`,
  );
  render();
}

function renderTimeline(current: StudioSession): void {
  const list = byId('timeline');
  const items = [element('li', { 'data-index': '0', class: cursor === 0 ? 'current' : '' }, 'start')];
  const brokeAt = current.violationCursor;
  const steps = current.steps;
  for (let index = 0; index < steps.length; index++) {
    const event = steps[index];
    if (!event) continue;
    if (index === current.scheduledSteps) items.push(element('li', { class: 'phase' }, current.phaseBanner()));
    const classes = [
      cursor === index + 1 ? 'current' : '',
      index + 1 > cursor ? 'future' : '',
      brokeAt === index + 1 ? 'broken' : '',
      index >= current.scheduledSteps ? 'liveness' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const item = element('li', { 'data-index': String(index + 1), class: classes });
    item.append(element('span', { class: 'index' }, current.stepName(index)), ` ${current.stepLabel(index)}`);
    if (brokeAt === index + 1) item.append(element('span', { class: 'mark' }, ` ✗ ${current.firstViolation?.property ?? ''}`));
    items.push(item);
  }
  list.replaceChildren(...items);
  for (const item of list.querySelectorAll('li[data-index]')) item.addEventListener('click', () => go(Number(item.getAttribute('data-index'))));
  list.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
}

function render(): void {
  const current = session;
  const main = byId('workspace');
  main.hidden = current === null;
  if (!current) return;
  const frame = current.frame(cursor);
  byId('cursor').textContent = current.cursorText(cursor);
  byId<HTMLButtonElement>('step-back').disabled = cursor === 0;
  byId<HTMLButtonElement>('to-start').disabled = cursor === 0;
  byId<HTMLButtonElement>('step-forward').disabled = cursor >= current.length;
  byId<HTMLButtonElement>('to-end').disabled = cursor >= current.length;
  byId<HTMLButtonElement>('to-violation').disabled = current.firstViolation === null;
  renderTimeline(current);

  const now = byId('event-now');
  now.replaceChildren();
  if (frame.event) {
    now.append(
      element('div', { class: frame.event.applied ? 'sentence' : 'sentence noop' }, `${current.stepName(cursor - 1)}: ${frame.event.sentence}`),
    );
    for (const detail of frame.event.details) now.append(element('div', { class: 'detail' }, detail));
  } else now.append(element('div', { class: 'sentence' }, 'the start: every node just initialised'));

  const nodes = byId('nodes');
  nodes.replaceChildren(
    ...frame.nodes.map((node) => {
      const row = element('tr', { class: `node-state${node.up ? '' : ' down'}`, 'data-node': String(node.node) });
      row.append(element('th', {}, `node ${node.node}`), element('td', { class: 'updown' }, node.up ? 'up' : 'down'));
      const cell = element('td');
      for (const [field, value] of node.fields) {
        const part = element('span', { class: node.changed.includes(field) ? 'field changed' : 'field' });
        part.append(element('b', {}, field), ` ${value}`);
        cell.append(part);
      }
      row.append(cell);
      return row;
    }),
  );

  const properties = byId('properties');
  const order = { broken: 0, holds: 1, 'at-end': 2 } as const;
  properties.replaceChildren(
    ...[...frame.properties]
      .sort((a, b) => order[a.status] - order[b.status])
      .map((property) => {
        const item = element('li', {
          class: `property ${property.status}`,
          'data-property': property.name,
          'data-status': property.status,
          title: property.description,
        });
        const label = property.status === 'holds' ? '✓' : property.status === 'broken' ? '✗' : '…';
        item.append(element('span', { class: 'badge' }, label), ` ${property.name}`);
        if (property.message) item.append(element('div', { class: 'message' }, property.message));

        return item;
      }),
  );

  const messages = byId('in-flight');
  const partition = frame.partition ? `partition: ${frame.partition.join(',')}` : 'no partition';
  byId('network').textContent = `${frame.inFlight.length} message${frame.inFlight.length === 1 ? '' : 's'} in flight · ${partition}`;
  const candidates = current.candidates(cursor);
  const candidateButton = (candidate: Candidate, label = candidate.text): HTMLButtonElement => {
    const button = element('button', { class: 'candidate', 'data-event': candidate.text, title: candidate.text }, label);
    button.addEventListener('click', () => choose(candidate));
    return button;
  };
  // Each message with what can happen to it next (FIFO links: only the oldest of each link).
  messages.replaceChildren(
    ...frame.inFlight.map((message) => {
      const row = element('li', { class: 'in-flight-message', 'data-choice': message.choice === null ? '' : String(message.choice) });
      const actions = candidates.filter(
        (candidate) => candidate.group === 'message' && 'message' in candidate.event && candidate.event.message === message.choice,
      );
      row.append(...actions.map((candidate) => candidateButton(candidate, candidate.event.kind)));
      row.append(
        ' ',
        element('span', { class: 'route' }, `${message.from} → ${message.to}`),
        ` ${message.text}`,
        element(
          'span',
          { class: 'sent' },
          ` (sent at ${message.sentAtStep}${message.choice === null ? '; waits behind an older message on its link' : ''})`,
        ),
      );
      return row;
    }),
  );
  for (const group of ['node', 'network'] as const) {
    const box = byId(`candidates-${group}`);
    box.replaceChildren(...candidates.filter((candidate) => candidate.group === group).map((candidate) => candidateButton(candidate)));
  }
  const clientNode = byId<HTMLSelectElement>('client-node');
  const clientId = byId<HTMLSelectElement>('client-id');
  const keepNode = clientNode.value;
  const keepClient = clientId.value;
  clientNode.replaceChildren(...frame.nodes.map((node) => element('option', { value: String(node.node) }, `node ${node.node}`)));
  clientId.replaceChildren(
    ...frame.pendingByClient.map((pending, client) =>
      element('option', { value: String(client) }, pending === null ? `client ${client}` : `client ${client} (retry op ${pending})`),
    ),
  );
  if (keepNode) clientNode.value = keepNode;
  if (keepClient) clientId.value = keepClient;

  const history = byId('history');
  history.replaceChildren(
    ...frame.history.map((operation) =>
      element(
        'li',
        { class: operation.outcome },
        `op ${operation.operationId}: client ${operation.clientId} ${operation.text} → ${operation.outcome}`,
      ),
    ),
  );
  byId('finish-result').textContent = '';
}

function invokeClient(): void {
  if (!session) return;
  const node = Number(byId<HTMLSelectElement>('client-node').value);
  const client = Number(byId<HTMLSelectElement>('client-id').value);
  const candidate = session.clientCandidate(cursor, node, client, byId<HTMLInputElement>('client-op').value.trim());
  if ('error' in candidate) {
    status(candidate.error, 'error');
    return;
  }
  choose(candidate);
}

function finishRun(): void {
  if (!session) return;
  const { violation } = session.finish();
  byId('finish-result').textContent = violation
    ? `the whole schedule (safety phase, liveness phase, end checks) breaks ${violation.property} ${
        // An end check's step is one past the last step: say "at the end", as replay does.
        violation.phase === 'end' ? 'at the end of the run' : `after step ${violation.step} (${violation.phase})`
      }: ${violation.message}`
    : 'the whole schedule (safety phase, liveness phase, end checks) breaks no property';
}

function exportScenario(): void {
  if (!session) return;
  download(`${exportName}.scenario`, session.toScenario(), 'text/plain');
  status(`exported ${exportName}.scenario (replay it with: ${faultlineCommand} replay ${exportName}.scenario)`);
}

function exportArtifact(): void {
  if (!session) return;
  download(`${exportName}.json`, `${JSON.stringify(session.toArtifact(), null, 2)}\n`, 'application/json');
  status(`exported ${exportName}.json (replay it with: ${faultlineCommand} replay ${exportName}.json)`);
}

function start(): void {
  const protocolSelect = byId<HTMLSelectElement>('protocol');
  protocolSelect.replaceChildren(
    ...protocols.map((protocol) => element('option', { value: protocol.name, title: protocol.description }, protocol.name)),
  );
  const selected = (): AnyProtocol => protocolNamed(protocolSelect.value);
  fillVariants(selected());
  fillSettings(selected());
  protocolSelect.addEventListener('change', () => {
    fillVariants(selected());
    fillSettings(selected());
  });
  byId('new').addEventListener('click', newSession);
  byId('step-back').addEventListener('click', () => go(cursor - 1));
  byId('step-forward').addEventListener('click', () => go(cursor + 1));
  byId('to-start').addEventListener('click', () => go(0));
  byId('to-end').addEventListener('click', () => go(session?.length ?? 0));
  byId('to-violation').addEventListener('click', () => go(session?.violationCursor ?? 0));
  byId('invoke').addEventListener('click', invokeClient);
  byId('finish').addEventListener('click', finishRun);
  byId('export-scenario').addEventListener('click', exportScenario);
  byId('export-artifact').addEventListener('click', exportArtifact);
  byId<HTMLInputElement>('load-file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    void file.text().then((text) => load(file.name, text));
  });
  document.addEventListener('keydown', (event) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    if (event.key === 'ArrowLeft') go(cursor - 1);
    if (event.key === 'ArrowRight') go(cursor + 1);
  });
  const initial = JSON.parse(byId('studio-data').textContent ?? '{}') as InitialData;
  if (initial.file !== null && initial.text !== null) load(initial.file, initial.text);
  else newSession();
}

start();

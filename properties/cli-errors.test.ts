/**
 * Bad input, class by class: every failure to read or write a file and every malformed input ends
 * in one line on stderr naming the file (and field or line), exit code 2, no stack trace, no hang,
 * and nothing found is lost. Each case runs the real command (`node bin/faultline.mjs`).
 */
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkOutputsApart, escapeControl } from '../src/cli/shared.ts';
import { resolveSetup } from '../src/hunt/hunt.ts';
import { kafka as kafkaProtocol } from '../src/protocols/kafka/index.ts';
import { cliIn, projectRoot, tutorialBugHunt } from './cli-support.ts';

const { work, faultline } = cliIn('faultline-cli-errors', { timeoutMs: 30_000 });
const root = projectRoot;

/** Exit 2, exactly one line on stderr matching `message`, no stack trace, no raw control character. */
function expectRefused(args: string[], message: RegExp): void {
  const run = faultline(...args);
  const label = args.join(' ');
  expect(run.status, `${label}\n${run.stderr}`).toBe(2);
  expect(run.stderr, label).toMatch(message);
  expect(run.stderr.trimEnd().split('\n'), label).toHaveLength(1);
  expect(run.stderr, label).not.toMatch(/\n\s+at /);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  expect(run.stderr.replace(/\n$/, ''), label).not.toMatch(/[\u0000-\u001f]/);
}

let artifactFile = '';
let artifact: Record<string, unknown> = {};

/** A copy of the hunted artifact with `change` applied, written to `name`. */
// biome-ignore lint/suspicious/noExplicitAny: the cases edit arbitrary fields of the artifact's JSON
type Json = any;
function variantOf(name: string, change: (copy: Json) => void): string {
  const copy = JSON.parse(JSON.stringify(artifact)) as Json;
  change(copy);
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(copy, null, 2));
  return file;
}

beforeAll(() => {
  // Into folders that do not exist yet: the hunt creates them (a case of the output-folder test below).
  const run = faultline(
    ...['hunt', '--protocol', 'primary-backup', '--variant', 'ack-before-replicate', '--runs', '3000', '--seed', '7'],
    ...['--out', 'new/nested/folder', '--json'],
  );
  expect(run.status).toBe(1);
  artifactFile = join(work, run.last.artifact as string);
  artifact = JSON.parse(readFileSync(artifactFile, 'utf8')) as Record<string, unknown>;
});

describe('bad input: one line, exit 2, nothing lost', () => {
  it('output folders that cannot be one are refused before hunting (and never hang)', () => {
    writeFileSync(join(work, 'a-file'), 'x');
    const hunt = ['hunt', '--protocol', 'primary-backup', '--variant', 'ack-before-replicate', '--runs', '3000', '--seed', '7'];
    expectRefused([...hunt, '--out', 'a-file'], /^faultline: --out a-file: is not a folder/);
    expectRefused([...hunt, '--out', '/dev/null'], /^faultline: --out \/dev\/null: is not a folder/);
    expectRefused([...hunt, '--out', '/dev/null/findings'], /^faultline: --out \/dev\/null\/findings: a part of the path is not a folder/);
    // Node's recursive mkdir spins forever here; faultline creates folders one at a time.
    expectRefused(
      [...hunt, '--out', '/proc/faultline/findings'],
      /^faultline: --out \/proc\/faultline\/findings: cannot create the folder \/proc\/faultline/,
    );
    // A path of folders that do not exist yet is created: the artifact every case
    // here reads was hunted into one (beforeAll above).
    expect(artifactFile).toBe(join(work, 'new', 'nested', 'folder', 'primary-backup-ack-before-replicate-mixed-seed-7.json'));
    expect(existsSync(artifactFile)).toBe(true);
  });

  it('when an artifact file cannot be written, the finding keeps exit 1 and the files written and not are named', () => {
    // A folder where the artifact's transcript should go: the write fails after the hunt found the bug.
    // (A folder at the artifact's own name is another name's holder: the artifact takes NAME-2.json.)
    const stem = 'blocked/primary-backup-ack-before-replicate-mixed-seed-7';
    mkdirSync(join(work, `${stem}.md`), { recursive: true });
    const run = faultline(...tutorialBugHunt(7, '--out', 'blocked'));
    // It exited 2 under "Caught the bug ... (exit code 1)", said it "could not write the artifact" with
    // the .json written, and its replay line was a hunt command.
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('Caught the bug of primary-backup/ack-before-replicate (exit code 1).');
    // The last line of stderr is the error (a line before it said a finding was being shrunk).
    expect(run.stderr).toMatch(
      new RegExp(`\nfaultline: ${stem}\\.md: cannot write \\(is a folder\\); written: ${stem}\\.json, ${stem}\\.html, ${stem}\\.history\\.jsonl\n$`),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toContain(`  replay: npx faultline replay ${stem}.json\n`);
    expect(run.stdout).toContain(`  picture: ${stem}.html\n`);
    expect(run.stdout).toMatch(new RegExp(`^ {2}not written: ${stem}\\.md \\(see the error on stderr\\)$`, 'm'));
    expect(run.stdout).not.toContain('transcript:');
    // The .json holds the counterexample: no scenario is printed for it.
    expect(run.stdout).not.toMatch(/^protocol primary-backup$/m);
    const replay = faultline('replay', `${stem}.json`, '--json');
    expect(replay.status).toBe(1);
    expect(replay.last).toMatchObject({ property: 'no-acked-write-lost', traceHashMatches: true });
    expect(faultline(...tutorialBugHunt(7, '--out', 'blocked', '--json')).last).toMatchObject({ found: true, artifact: `${stem}.json` });
    // A self-test whose caught bug could not be written out: nothing found exits 1 there, so exit 2, said as such.
    mkdirSync(join(work, 'blocked-self-test', 'primary-backup-ack-before-replicate-mixed-seed-7.md'), { recursive: true });
    const selfTest = faultline(
      'hunt',
      '--protocol',
      'primary-backup',
      '--variant',
      'all',
      '--runs',
      '3000',
      '--seed',
      '7',
      '--out',
      'blocked-self-test',
    );
    expect(selfTest.status).toBe(2);
    expect(selfTest.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Exit code 2: no correct model broke, but an artifact could not be written (stderr names the files).',
    );
    // explore too: the report and the JSON line still come (the line was blank, the verdict missing), exit 1.
    mkdirSync(join(work, 'blocked-explore', 'primary-backup-ack-before-replicate-explore-3.md'), { recursive: true });
    const explored = faultline(
      'explore',
      '--protocol',
      'primary-backup',
      '--variant',
      'ack-before-replicate',
      '--depth',
      '3',
      '--out',
      'blocked-explore',
      '--json',
    );
    expect(explored.status).toBe(1);
    expect(explored.last).toMatchObject({
      found: true,
      property: 'no-acked-write-lost',
      artifact: 'blocked-explore/primary-backup-ack-before-replicate-explore-3.json',
    });
    expect(explored.stderr).toMatch(
      /^faultline: blocked-explore\/primary-backup-ack-before-replicate-explore-3\.md: cannot write \(is a folder\); written: blocked-explore\/primary-backup-ack-before-replicate-explore-3\.json, /m,
    );
  });

  it('replay refuses folders, non-artifacts and artifacts that do not fit their protocol, naming the field', () => {
    expectRefused(['replay', '.'], /^faultline: \.: is a folder, expected an artifact/);
    expectRefused(['replay', 'missing.json'], /^faultline: missing\.json: no such file or folder/);
    // A .json file is read as an artifact whatever it holds (`[]` was refused as a scenario line).
    writeFileSync(join(work, 'array.json'), '[]\n');
    expectRefused(['replay', 'array.json'], /^faultline: array\.json: \$: expected a JSON object\n$/);
    // A byte order mark before the artifact is skipped, as before a scenario.
    const marked = variantOf('marked.json', () => {});
    writeFileSync(marked, `\uFEFF${readFileSync(marked, 'utf8')}`);
    expect(faultline('replay', marked, '--json').last).toMatchObject({ traceHashMatches: true });
    const noConfig = variantOf('no-config.json', (copy) => delete copy.config);
    expectRefused(['replay', noConfig], /no-config\.json: \$\.config: expected an object/);
    const unknownKey = variantOf('unknown-key.json', (copy) => (copy.config.replicaCount = 3));
    expectRefused(
      ['replay', unknownKey],
      /unknown-key\.json: \$\.config\.replicaCount: expected one of the settings of primary-backup \(nodeCount, clientCount, resendIntervalTicks\), got an unknown key/,
    );
    const badValue = variantOf('bad-value.json', (copy) => (copy.config.nodeCount = 'three'));
    expectRefused(['replay', badValue], /bad-value\.json: \$\.config\.nodeCount: expected an integer \(nodeCount: .*\), got "three" \(a string\)/);
    // A number written as a string was coerced, and a missing key filled in with its default.
    const numberAsText = variantOf('number-as-text.json', (copy) => (copy.config.nodeCount = '3'));
    expectRefused(['replay', numberAsText], /number-as-text\.json: \$\.config\.nodeCount: expected an integer \(.*\), got "3" \(a string\)/);
    const missingKey = variantOf('missing-key.json', (copy) => delete copy.config.resendIntervalTicks);
    expectRefused(
      ['replay', missingKey],
      /missing-key\.json: \$\.config\.resendIntervalTicks: expected an integer \(.*\), got nothing: the key is missing/,
    );
    const unknownOperation = variantOf('unknown-operation.json', (copy) => {
      copy.schedule.events[0] = { kind: 'client', node: 0, client: 0, operation: { type: 'delete', key: 1 } };
    });
    expectRefused(
      ['replay', unknownOperation],
      /unknown-operation\.json: \$\.schedule\.events\[0\]\.operation: expected an operation of primary-backup's workload/,
    );
    const missingField = variantOf('missing-field.json', (copy) => {
      copy.schedule.events[0] = { kind: 'client', node: 0, client: 0, operation: { type: 'write' } };
    });
    expectRefused(['replay', missingField], /missing-field\.json: \$\.schedule\.events\[0\]\.operation: expected an operation/);
    const badNode = variantOf('bad-node.json', (copy) => copy.schedule.events.push({ kind: 'crash', node: 7, loseUnflushed: false }));
    expectRefused(['replay', badNode], /bad-node\.json: \$\.schedule\.events\[\d+\]\.node: expected a node number from 0 to 2, got 7/);
    const badClient = variantOf('bad-client.json', (copy) =>
      copy.schedule.events.push({ kind: 'client', node: 0, client: 9, operation: { type: 'write', value: 1 } }),
    );
    expectRefused(['replay', badClient], /bad-client\.json: \$\.schedule\.events\[\d+\]\.client: expected a client number from 0 to 2, got 9/);
    const badPartition = variantOf('bad-partition.json', (copy) => copy.schedule.events.push({ kind: 'partition', groups: [0, 1] }));
    expectRefused(
      ['replay', badPartition],
      /bad-partition\.json: \$\.schedule\.events\[\d+\]\.groups: expected one side per node \(3 numbers\), got 2/,
    );
    const badVariant = variantOf('bad-variant.json', (copy) => (copy.variant = 'nope'));
    expectRefused(['replay', badVariant], /bad-variant\.json: \$\.variant: expected a variant of primary-backup/);
    // Where it was found and what it recorded: a wrong value was read as null, or taken as it was.
    const metadata: [string, (copy: Json) => void, RegExp][] = [
      ['negative-step.json', (copy) => (copy.violation.step = -5), /\$\.violation\.step: expected an integer >= 0 \(the step it broke at\), got -5$/],
      [
        'unknown-property.json',
        (copy) => (copy.violation.property = 'nonexistent'),
        /\$\.violation\.property: expected a property of primary-backup \(no-acked-write-lost, .*\) or "no-exception", got "nonexistent"$/,
      ],
      [
        'word-seed.json',
        (copy) => (copy.seed = 'x'),
        /\$\.seed: expected an integer from 0 to 4294967295 \(the seed of the chunk that found it\), or null; got "x"$/,
      ],
      [
        'negative-events.json',
        (copy) => (copy.eventsBeforeShrink = -3),
        /\$\.eventsBeforeShrink: expected an integer >= 0 \(the events before shrinking\), or null; got -3$/,
      ],
      ['number-path.json', (copy) => (copy.path = 5), /\$\.path: expected the failing run's path \(a string\), or null; got 5$/],
      ['word-violation.json', (copy) => (copy.violation = 'broke'), /\$\.violation: expected an object .*, or null; got "broke"$/],
    ];
    for (const [name, change, message] of metadata)
      expectRefused(['replay', variantOf(name, change)], new RegExp(`${name.replace('.', '\\.')}: ${message.source}`, 'm'));
    // Null or left out is fine: a hand-written or exported story records no search.
    const unsearched = variantOf('unsearched.json', (copy) => {
      copy.seed = null;
      delete copy.path;
      delete copy.eventsBeforeShrink;
    });
    expect(faultline('replay', unsearched, '--json').last).toMatchObject({ reproduced: true, traceHashMatches: true });
  });

  it('replay writes its files only where it can, and says so before running', () => {
    mkdirSync(join(work, 'a-folder'), { recursive: true });
    expectRefused(
      ['replay', artifactFile, '--html', 'no-such-folder/page.html'],
      /^faultline: --html no-such-folder\/page\.html: the folder no-such-folder does not exist/,
    );
    expectRefused(['replay', artifactFile, '--markdown', 'a-folder'], /^faultline: --markdown a-folder: is a folder, expected a file name/);
    expectRefused(
      ['replay', artifactFile, '--scenario', '/dev/null/x.scenario'],
      /^faultline: --scenario \/dev\/null\/x\.scenario: \/dev\/null is not a folder/,
    );
    // `replay self.json --scenario self.json` wrote scenario text over the artifact it replayed.
    const self = variantOf('self.json', () => {});
    const before = readFileSync(self, 'utf8');
    expectRefused(
      ['replay', self, '--scenario', self],
      /^faultline: --scenario \S*self\.json: is the file being replayed; write it to another file$/m,
    );
    expectRefused(['replay', 'self.json', '--markdown', './self.json'], /^faultline: --markdown \.\/self\.json: is the file being replayed/);
    expectRefused(['replay', self, '--html', 'both.html', '--markdown', 'both.html'], /^faultline: --markdown both\.html: is also written by --html/);
    expect(readFileSync(self, 'utf8')).toBe(before);
    expectRefused(
      ['check-history', '--model', 'etcd-register', artifactFile.replace(/\.json$/, '.history.jsonl'), '--html', 'no-such-folder/h.html'],
      /^faultline: --html no-such-folder\/h\.html: the folder no-such-folder does not exist/,
    );
    // An empty name is refused before anything runs (replay ignored it; check-history checked, then failed to write).
    for (const option of ['--html', '--markdown', '--scenario']) {
      expectRefused(['replay', artifactFile, option, ''], new RegExp(`^faultline: ${option} expects an output file name, got an empty one`));
    }
    const history = artifactFile.replace(/\.json$/, '.history.jsonl');
    expectRefused(
      ['check-history', '--model', 'etcd-register', history, '--html', ''],
      /^faultline: --html expects an output file name, got an empty one/,
    );
    expect(faultline('check-history', '--model', 'etcd-register', history, '--html', '').stdout).toBe('');
    // So is an empty --out (hunt and explore said "cannot write there", studio showed an ENOENT).
    expectRefused(
      ['hunt', '--protocol', 'primary-backup', '--runs', '1', '--out', ''],
      /^faultline: --out expects a folder name, got an empty one$/m,
    );
    expectRefused(
      ['explore', '--protocol', 'primary-backup', '--depth', '1', '--out', ''],
      /^faultline: --out expects a folder name, got an empty one$/m,
    );
    expectRefused(['studio', '--out', ''], /^faultline: --out expects an output file name, got an empty one$/m);
    // studio wrote its page over the artifact it opened, and a folder as its file was a stack trace.
    const opened = join(work, 'opened.json');
    writeFileSync(opened, readFileSync(artifactFile, 'utf8'));
    expectRefused(['studio', opened, '--out', opened], /^faultline: --out .*opened\.json: is the file being opened; write it to another file$/m);
    expect(readFileSync(opened, 'utf8')).toBe(readFileSync(artifactFile, 'utf8'));
    expectRefused(
      ['studio', '.', '--out', join(work, 'page.html')],
      /^faultline: \.: is a folder, expected an artifact \(\.json\) or a \.scenario file$/m,
    );
    // A time limit beyond Node's timers (2^31 - 1 ms) fired at once: explore ended in an internal error, exit 1.
    expectRefused(['explore', '--protocol', 'raft', '--time-limit-ms', '3000000000'], /--time-limit-ms expects an integer from 1 to 2000000000/);
    expectRefused(
      ['hunt', '--protocol', 'raft', '--runs', '1', '--time-limit-ms', '3000000000'],
      /--time-limit-ms expects an integer from 1 to 2000000000/,
    );
    expectRefused(['studio', '--time-limit', '3000000'], /--time-limit expects an integer from 1 to 2000000/);
  });

  it('an output that is a hard link of the input (or of another output) is refused: the input is not overwritten', () => {
    const folder = mkdtempSync(join(tmpdir(), 'faultline-links-'));
    const input = join(folder, 'self.scenario');
    writeFileSync(input, 'protocol raft\n');
    linkSync(input, join(folder, 'hard.scenario'));
    expect(() => checkOutputsApart(input, 'the file being replayed', { '--scenario': join(folder, 'hard.scenario') })).toThrow(
      /^--scenario \S*hard\.scenario: is the file being replayed; write it to another file$/,
    );
    linkSync(input, join(folder, 'page.html'));
    expect(() => checkOutputsApart(undefined, 'x', { '--html': join(folder, 'page.html'), '--markdown': join(folder, 'hard.scenario') })).toThrow(
      /is also written by --html/,
    );
    // Two names of files yet to be written are told apart by their paths, as before.
    expect(() => checkOutputsApart(input, 'x', { '--html': join(folder, 'a.html'), '--markdown': join(folder, 'b.md') })).not.toThrow();
    expect(() => checkOutputsApart(input, 'x', { '--html': join(folder, 'a.html'), '--markdown': join(folder, '.', 'a.html') })).toThrow(/also/);
  });

  it('replay says when it reproduces something else than the artifact recorded', () => {
    const other = variantOf('other-violation.json', (copy) => (copy.violation.property = 'operations-complete'));
    const run = faultline('replay', other, '--quiet');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /this differs from what the artifact recorded: .*property "operations-complete".* \(property: recorded "operations-complete", replayed "no-acked-write-lost"\)\n/,
    );
    expect(faultline('replay', other, '--json').last).toMatchObject({ matchesRecorded: false, recordedProperty: 'operations-complete' });
  });

  it('replay says when the same violation reads otherwise than recorded, and names a replay that breaks nothing once', () => {
    const reworded = variantOf('reworded.json', (copy) => (copy.violation.message = 'an old wording'));
    const run = faultline('replay', reworded, '--quiet');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('the same violation, worded otherwise when the artifact was written: "an old wording"');
    expect(run.stdout).not.toContain('this differs');
    expect(faultline('replay', reworded, '--json').last).toMatchObject({ matchesRecorded: true, recordedMessage: 'an old wording' });
    const correct = variantOf('on-correct.json', (copy) => (copy.variant = 'correct'));
    const clean = faultline('replay', correct, '--quiet');
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/this differs from what the artifact recorded: .* \(the replay breaks nothing\)\n/);
  });

  it("replay of a bad scenario exits 2 with the scenario's own message", () => {
    writeFileSync(join(work, 'bad-node.scenario'), 'protocol primary-backup\ncrash 9\n');
    expectRefused(['replay', 'bad-node.scenario'], /^faultline: bad-node\.scenario:2: /);
  });

  it('save refuses an artifact that does not reproduce, and never overwrites without --force', () => {
    // A step during the run where the replay breaks the property at its end.
    const wrong = variantOf('wrong-recorded.json', (copy) => {
      copy.violation.step = 0;
      copy.violation.phase = 'liveness';
    });
    // It printed the two violations, which can read the same (one at the end names no step): it says what differs.
    expectRefused(
      ['save', wrong, '--to', 'corpus'],
      new RegExp(
        `wrong-recorded\\.json: does not reproduce its recorded violation \\(step: recorded 0, replayed ${(artifact.violation as Json).step}\\); not saved\n$`,
      ),
    );
    // An end check recorded at another step is the same violation (the step of an end check is the
    // run's length, which a change to the liveness phase moves): saved, with the replay's step.
    expect((artifact.violation as Json).phase).toBe('end');
    const endMoved = variantOf('end-moved.json', (copy) => (copy.violation.step = 3));
    const movedSave = faultline('save', endMoved, '--to', 'moved-corpus', '--json');
    expect(movedSave.status, movedSave.stderr).toBe(0);
    const resaved = JSON.parse(readFileSync(join(work, 'moved-corpus', 'primary-backup', 'ack-before-replicate.json'), 'utf8')) as Json;
    expect(resaved.violation.step).toBe((artifact.violation as Json).step);
    const otherProperty = variantOf('other-property.json', (copy) => (copy.violation.property = 'operations-complete'));
    expectRefused(
      ['save', otherProperty, '--to', 'corpus'],
      /other-property\.json: does not reproduce its recorded violation \(property: recorded "operations-complete", replayed "no-acked-write-lost"\); not saved\n$/,
    );
    // A missing config key was filled in with its default and saved.
    const missingKey = variantOf('save-missing-key.json', (copy) => delete copy.config.resendIntervalTicks);
    expectRefused(
      ['save', missingKey, '--to', 'corpus'],
      /save-missing-key\.json: \$\.config\.resendIntervalTicks: expected an integer .*the key is missing/,
    );
    expect(existsSync(join(work, 'corpus'))).toBe(false);
    // An empty --to saved into ./primary-backup/.
    expectRefused(['save', artifactFile, '--to', ''], /^faultline: --to expects a folder name, got an empty one$/m);
    expect(existsSync(join(work, 'primary-backup'))).toBe(false);
    const first = faultline('save', artifactFile, '--to', 'corpus', '--json');
    expect(first.status).toBe(0);
    expect(first.last).toMatchObject({ saved: join('corpus', 'primary-backup', 'ack-before-replicate.json') });
    expectRefused(['save', artifactFile, '--to', 'corpus'], /corpus\/primary-backup\/ack-before-replicate\.json already exists; pass --force/);
    expect(faultline('save', artifactFile, '--to', 'corpus', '--force').status).toBe(0);
    expectRefused(['save', '.'], /^faultline: \.: is a folder/);
    // The advice works: replay writes no artifact ("replay FILE --json" was advised), the studio exports one.
    writeFileSync(join(work, 'story.scenario'), 'protocol primary-backup\ncrash 1\nexpect no-violation\n');
    expectRefused(
      ['save', 'story.scenario'],
      /^faultline: story\.scenario: is a scenario; save takes an artifact \(\.json\)\. Keep a scenario in scenarios\/ .*"npx faultline studio story\.scenario" and press "export artifact"/,
    );
  });

  it("save --protocol-module saves a counterexample of the user's own protocol (it was an unknown protocol, with no such option)", () => {
    const module = join(root, 'properties/fixtures/minimal-protocol.ts');
    const hunt = faultline(
      'hunt',
      '--protocol',
      'minimal-register',
      '--protocol-module',
      module,
      '--variant',
      'volatile-register',
      '--runs',
      '2000',
      '--seed',
      '3',
      '--workers',
      '1',
      '--out',
      'own',
      '--json',
    );
    expect(hunt.status, hunt.stderr).toBe(1);
    const hunted = join(work, hunt.last.artifact as string);
    expectRefused(['save', hunted, '--to', 'own-corpus'], /unknown protocol "minimal-register"; .*\(or pass --protocol-module FILE\)/);
    const saved = faultline('save', hunted, '--to', 'own-corpus', '--protocol-module', module, '--json');
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.last).toMatchObject({ saved: join('own-corpus', 'minimal-register', 'volatile-register.json') });
    const replayed = faultline('replay', join('own-corpus', 'minimal-register', 'volatile-register.json'), '--protocol-module', module, '--json');
    expect(replayed.last).toMatchObject({ reproduced: true, matchesRecorded: true, traceHashMatches: true });
  });

  it("save --force takes today's trace hash: re-saving accepts an intended model change into the corpus", () => {
    const stale = variantOf('stale-hash.json', (copy) => (copy.traceHash = '0000000000000000'));
    expect(faultline('replay', stale, '--quiet').stdout).toMatch(/trace hash differs from the artifact's/);
    // A hand edit of the artifact's own events changes the trace too: the warning does not blame the model alone.
    const edited = variantOf('edited-events.json', (copy) => {
      copy.schedule.events[0].note = 'mine';
    });
    expect(faultline('replay', edited, '--quiet').stdout).toMatch(
      /trace hash differs from the artifact's \(\w+ vs \w+\): this run is not the one recorded when the artifact was written; the model changed since, or the artifact was edited \(its schedule, config or hash\)\n/,
    );
    expect(faultline('save', stale, '--to', 'resaved').status).toBe(0);
    const saved = join('resaved', 'primary-backup', 'ack-before-replicate.json');
    expect((JSON.parse(readFileSync(join(work, saved), 'utf8')) as Json).traceHash).toBe(artifact.traceHash);
    const replayed = faultline('replay', saved, '--json');
    expect(replayed.last).toMatchObject({ traceHashMatches: true });
  });

  it('merge refuses folders, files that are not hunt output, and duplicated or missing shards', () => {
    const shards = [1, 2, 3].map((shard) => {
      const run = faultline(
        'hunt',
        '--protocol',
        'primary-backup',
        '--runs',
        '100',
        '--seed',
        '4',
        '--shard',
        `${shard}/3`,
        '--json',
        '--no-artifacts',
      );
      const file = join(work, `shard-${shard}.jsonl`);
      writeFileSync(file, run.stdout);
      return file;
    });
    expect(faultline('merge', ...shards, '--json').last).toMatchObject({ summary: true, files: 3, runs: 300 });
    expectRefused(
      ['merge', shards[0] ?? '', shards[0] ?? '', shards[1] ?? '', shards[2] ?? ''],
      /primary-backup\/correct: shard 1\/3 is given twice \(.*shard-1\.jsonl:1 and .*shard-1\.jsonl:1\)/,
    );
    expectRefused(['merge', shards[0] ?? '', shards[2] ?? ''], /primary-backup\/correct: missing shard 2\/3/);
    // A shard hunted with other settings is another hunt: merged, it said "no violation in 300 runs over 3 shards" (exit 0).
    const otherSettings = faultline(
      ...['hunt', '--protocol', 'primary-backup', '--runs', '100', '--seed', '4', '--shard', '2/3', '--json', '--no-artifacts'],
      ...['--set', 'nodeCount=5'],
    );
    expect(otherSettings.last).toMatchObject({ settings: { nodeCount: 5 }, from: [] });
    writeFileSync(join(work, 'five-nodes.jsonl'), otherSettings.stdout);
    expectRefused(
      ['merge', shards[0] ?? '', 'five-nodes.jsonl', shards[2] ?? ''],
      /^faultline: primary-backup\/correct: shards of different hunts: .*shard-1\.jsonl:1 has "settings\.nodeCount": not set, five-nodes\.jsonl:1 has 5; merge shards of one hunt$/m,
    );
    expectRefused(['merge', '.'], /^faultline: \.: is a folder, expected the output of "faultline hunt --json"/);
    writeFileSync(join(work, 'notes.txt'), 'not a hunt\n');
    expectRefused(['merge', 'notes.txt'], /^faultline: notes\.txt: no hunt results in it/);
    writeFileSync(join(work, 'list.json'), `${faultline('list', '--json').stdout}`);
    expectRefused(['merge', 'list.json'], /^faultline: list\.json:1: expected a hunt result with a "protocol" field/);
  });

  it('merge checks every field of a hunt line it reads (type, range, consistency) and refuses any other line', () => {
    // Two shards of the tutorial bug's hunt: both find it.
    const [first, second] = [1, 2].map((shard) => {
      const run = faultline(...tutorialBugHunt(5, '--shard', `${shard}/2`, '--json', '--no-artifacts'));
      expect(run.status).toBe(1);
      writeFileSync(join(work, `bug-${shard}.jsonl`), run.stdout);
      return run.last;
    });
    expect(faultline('merge', 'bug-1.jsonl', 'bug-2.jsonl', '--json').last).toMatchObject({ summary: true, found: 1 });
    /** Shard 1 with `change` applied to its line, written to `name`, merged with shard 2. */
    const refused = (name: string, change: Json, message: RegExp, others = ['bug-2.jsonl']): void => {
      writeFileSync(join(work, name), `${JSON.stringify({ ...first, ...change })}\n`);
      expectRefused(['merge', name, ...others], message);
    };
    refused('negative-runs.jsonl', { runs: -5 }, /^faultline: negative-runs\.jsonl:1: \$\.runs: expected .*an integer >= 0.*, got -5$/m);
    refused('word-runs.jsonl', { runs: 'many' }, /^faultline: word-runs\.jsonl:1: \$\.runs: expected .*an integer >= 0.*, got "many"$/m);
    refused(
      'no-property.jsonl',
      { property: null },
      /^faultline: no-property\.jsonl:1: \$\.property: expected .*\(the line says "found": true\), got null$/m,
    );
    refused(
      'stray-property.jsonl',
      { found: false },
      /^faultline: stray-property\.jsonl:1: \$\.kind: expected null \(the line says "found": false\)/,
    );
    refused('found-yes.jsonl', { found: 'yes' }, /^faultline: found-yes\.jsonl:1: \$\.found: expected true or false, got "yes"$/m);
    refused(
      'bad-shard.jsonl',
      { shard: '7/3' },
      /^faultline: bad-shard\.jsonl:1: \$\.shard: expected null or "K\/N" with 1 <= K <= N.*, got "7\/3"$/m,
    );
    refused(
      'big-seed.jsonl',
      { huntSeed: 2 ** 32 },
      /^faultline: big-seed\.jsonl:1: \$\.huntSeed: expected an integer from 0 to 4294967295, got 4294967296$/m,
    );
    refused('bad-coverage.jsonl', { coverage: { 'write-acknowledged': -1 } }, /^faultline: bad-coverage\.jsonl:1: \$\.coverage: expected /);
    refused('old-line.jsonl', { strategy: undefined }, /^faultline: old-line\.jsonl:1: expected a hunt result with a "strategy" field$/m);
    // Shards of different hunts, and a split so large that listing its missing shards must not build them all.
    refused(
      'random.jsonl',
      { strategy: 'random' },
      /^faultline: primary-backup\/ack-before-replicate: shards of different hunts: random\.jsonl:1 has "strategy": "random", bug-2\.jsonl:1 has "mixed"/,
    );
    refused(
      'guided-from.jsonl',
      { strategy: 'mixed', from: ['story.scenario'] },
      /^faultline: primary-backup\/ack-before-replicate: shards of different hunts: guided-from\.jsonl:1 has "from": \["story\.scenario"\], bug-2\.jsonl:1 has \[\]/,
    );
    refused(
      'huge-split.jsonl',
      { shard: '1/99999999999999' },
      /missing shards 2\/99999999999999, 3\/99999999999999, 4\/99999999999999, 5\/99999999999999 and 99999999999994 more$/m,
      [],
    );
    // Every JSON line is a hunt result or a summary: one that is not an object, or is cut short, is refused.
    writeFileSync(join(work, 'array.jsonl'), `${JSON.stringify(first)}\n[1,2]\n`);
    expectRefused(
      ['merge', 'array.jsonl', 'bug-2.jsonl'],
      /^faultline: array\.jsonl:2: expected a JSON object written by "faultline hunt --json", got \[1,2\]$/m,
    );
    writeFileSync(join(work, 'cut.jsonl'), JSON.stringify(first).slice(0, 80));
    expectRefused(['merge', 'cut.jsonl', 'bug-2.jsonl'], /^faultline: cut\.jsonl:1: expected a JSON line .*, got a line of JSON that is not valid/);
    // Text lines are skipped: a pod's log (hunting.md) holds the hunt's stderr and npm's lines too.
    writeFileSync(
      join(work, 'pod.log'),
      `npm warn exec The following package was not found\n${JSON.stringify(first)}\nprimary-backup/ack-before-replicate: found a violation, shrinking it\n`,
    );
    expect(faultline('merge', 'pod.log', 'bug-2.jsonl', '--json').last).toMatchObject({ summary: true, found: 1 });
    // A summary line says whether its hunt was interrupted; one interrupted before its first result is no shard yet.
    writeFileSync(join(work, 'bare-summary.jsonl'), `${JSON.stringify(first)}\n{"summary":true}\n`);
    expectRefused(
      ['merge', 'bare-summary.jsonl', 'bug-2.jsonl'],
      /^faultline: bare-summary\.jsonl:2: \$\.interrupted: expected true or false, got nothing$/m,
    );
    writeFileSync(join(work, 'stopped-early.jsonl'), '{"summary":true,"targets":1,"hunted":0,"interrupted":true}\n');
    expectRefused(
      ['merge', 'stopped-early.jsonl', 'bug-2.jsonl'],
      /^faultline: stopped-early\.jsonl:1: a hunt interrupted before its first result .*rerun that shard/,
    );
    // A shard whose transcript could not be written still exits 1 with its .json named; the scenario a hunt
    // prints when it cannot write the .json is part of its output: it merges, the finding kept.
    mkdirSync(join(work, 'blocked-shard', 'primary-backup-ack-before-replicate-mixed-seed-5-shard-1-of-2.md'), { recursive: true });
    const rescued = faultline(...tutorialBugHunt(5, '--shard', '1/2', '--out', 'blocked-shard', '--json'));
    expect(rescued.status).toBe(1);
    expect(rescued.last).toMatchObject({ artifact: 'blocked-shard/primary-backup-ack-before-replicate-mixed-seed-5-shard-1-of-2.json' });
    const scenario = '# faultline could not write the artifact; this is the counterexample as a scenario\nprotocol primary-backup\ncrash 0\n';
    writeFileSync(join(work, 'rescued.jsonl'), scenario + rescued.stdout);
    expect(faultline('merge', 'rescued.jsonl', 'bug-2.jsonl', '--json').last).toMatchObject({
      summary: true,
      found: 1,
      runs: (first?.runs as number) + (second?.runs as number),
    });
  });

  it("seeds outside the generator's 32 bits are refused instead of aliasing", () => {
    expectRefused(['hunt', '--seed', '4294967296'], /--seed expects an integer from 0 to 4294967295, got "4294967296"/);
    expectRefused(['hunt', '--seed', '-1'], /--seed expects an integer from 0 to 4294967295/);
    const largest = faultline('hunt', '--protocol', 'primary-backup', '--seed', '4294967295', '--runs', '10', '--json', '--no-artifacts');
    expect(largest.status).toBe(0);
    expect(largest.last).toMatchObject({ huntSeed: 4294967295 });
    expectRefused(['explore', '--protocol', 'primary-backup', '--seed', '4294967296'], /--seed expects an integer from 0 to 4294967295/);
    const aliased = variantOf('aliased-seed.json', (copy) => (copy.schedule.randomSeed = 2 ** 32));
    expectRefused(['replay', aliased], /aliased-seed\.json: \$\.schedule\.randomSeed: expected an integer from 0 to 4294967295, got 4294967296/);
  });

  it('bidirectional-text controls from input are shown escaped too (U+202E reversed the rest of the line)', () => {
    expect(escapeControl('tick 0\u202e evil \u2066\u001b[0m\u2028')).toBe('tick 0\\u202e evil \\u2066\\x1b[0m\\u2028');
  });

  it('control characters from input files are shown escaped, never sent to the terminal', () => {
    const evil = variantOf('evil.json', (copy) => (copy.protocol = 'pb\u001b[2J\u0007'));
    expectRefused(['replay', evil], /unknown protocol "pb\\x1b\[2J\\x07"/);
    writeFileSync(join(work, 'evil.scenario'), 'protocol primary-backup\ncrash \u001b[31m\n');
    expectRefused(['replay', 'evil.scenario'], /evil\.scenario:2: .*\\u001b\[31m/);
    // An operation holding one is refused in a scenario as in an artifact, not shown in the transcript.
    writeFileSync(join(work, 'evil-operation.scenario'), 'protocol zab\nclient 1 1 controller-act \u001b[31mRED\u0007\n');
    expectRefused(
      ['replay', 'evil-operation.scenario'],
      /^faultline: evil-operation\.scenario:2: expected a line without control characters \(column 27 holds U\+001B\), found "client 1 1 controller-act \\u001b\[31mRED\\u0007"$/m,
    );
    expectRefused(['hunt', '--protocol', 'bad\u001b[0m'], /unknown protocol "bad\\x1b\[0m"/);
  });

  it('settings: unknown keys and bad values quote the meaning; choices are enforced', () => {
    expectRefused(
      ['hunt', '--protocol', 'kafka', '--set', 'acks=2'],
      /setting "acks" expects one of 0, 1, all, -1, got "2" \(acks: how many replicas/,
    );
    expectRefused(['hunt', '--protocol', 'kafka', '--set', 'minInsyncReplicas=x'], /\(minInsyncReplicas: min\.insync\.replicas: ISR size/);
    // Written in decimal, as every numeric option is (Number() read "1e3" and "0x10").
    for (const text of ['1e3', '0x10', '99999999999999999999']) {
      expectRefused(
        ['hunt', '--protocol', 'raft', '--set', `heartbeatIntervalTicks=${text}`],
        new RegExp(`setting "heartbeatIntervalTicks" expects an integer, got "${text}"`),
      );
    }
    expectRefused(['hunt', '--protocol', 'kafka', '--set', 'noSuchKey=1'], /unknown setting "noSuchKey"; known settings: .*brokerCount/);
    expectRefused(['hunt', '--variant', 'acks-1'], /--variant acks-1 needs --protocol/);
    expectRefused(['hunt', '--workers', '100000'], /^faultline: --workers expects an integer from 1 to 64, got "100000"$/m);
    expectRefused(['hunt', '--runs', '99999999999999999999'], /--runs expects an integer from 1 to 9007199254740991, got/);
    // A variant that is the correct model under a setting cannot have that setting undone (it hunted the correct model and said "not caught").
    expectRefused(
      ['hunt', '--protocol', 'kafka', '--variant', 'acks-1', '--set', 'acks=all'],
      /^faultline: kafka\/acks-1: variant acks-1 is the correct model with acks=1; setting acks=all would hunt another model under its name \(for that: --variant correct --set acks=all\)$/m,
    );
    expectRefused(
      ['explore', '--protocol', 'kafka', '--variant', 'min-isr-1', '--set', 'minInsyncReplicas=2'],
      /correct model with minInsyncReplicas=1/,
    );
    expect(resolveSetup(kafkaProtocol, 'acks-1', { acks: '1' })).not.toHaveProperty('error');
    // A variant with rules of its own keeps them whatever the settings it shares with the correct model.
    expect(resolveSetup(kafkaProtocol, 'no-broker-epoch-in-fetch', { minInsyncReplicas: 1 })).not.toHaveProperty('error');
    // But not the settings its bug needs: moved off its control plane, it was the correct model there, and "not caught".
    expect(resolveSetup(kafkaProtocol, 'zk-unfenced-controller-write', { controlPlane: 'kraft' })).toEqual({
      error: expect.stringMatching(
        /^variant zk-unfenced-controller-write sets controlPlane=zookeeper, which its bug's story needs; setting controlPlane=kraft would hunt it where its bug may never show, and a miss would read as "not caught" \(its own settings: controlPlane=zookeeper/,
      ),
    });
    expect(resolveSetup(kafkaProtocol, 'kraft-uncommitted-metadata', { controlPlane: 'abstract' })).toHaveProperty('error');
    expect(resolveSetup(kafkaProtocol, 'zk-unfenced-controller-write', { controlPlane: 'zookeeper' })).not.toHaveProperty('error');
    expect(resolveSetup(kafkaProtocol, 'correct', { acks: '1' })).not.toHaveProperty('error');
    expectRefused(['hunt', '--protocol-module', 'x.mjs'], /--protocol-module needs --protocol NAME/);
    expectRefused(
      ['hunt', '--protocol', 'mine', '--protocol-module', 'missing.mjs'],
      /^faultline: missing\.mjs: no such file or folder \(expected a protocol module/,
    );
    const list = faultline('list', '--json');
    const kafka = (
      list.last.protocols as { name: string; settings: { name: string; type: string; defaultValue: unknown; meaning: string }[] }[]
    ).find((protocol) => protocol.name === 'kafka');
    expect(kafka?.settings.find((setting) => setting.name === 'acks')).toMatchObject({
      type: 'string',
      defaultValue: 'all',
      meaning: expect.stringContaining('acks'),
    });
    expect(faultline('list').stdout).toMatch(/^ {2}setting acks=all \(string, one of 0, 1, all, -1\): /m);
    // Where the correct variant runs with another value than the default, list says so (it showed only the default).
    expect(faultline('list').stdout).toMatch(/^ {2}setting minInsyncReplicas=1 \(integer; the correct variant runs with 2\): /m);
    expect(kafka?.settings.find((setting) => setting.name === 'minInsyncReplicas')).toMatchObject({ defaultValue: 1, correctValue: 2 });
    expect(kafka?.settings.find((setting) => setting.name === 'acks')).not.toHaveProperty('correctValue');
    expect(faultline('--version').stdout.trim()).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('an option that takes one value is refused when given twice (the last one won silently); repeatable ones collect', () => {
    expectRefused(
      ['hunt', '--protocol', 'raft', '--protocol', 'zab', '--runs', '1'],
      /^faultline: --protocol is given twice \("raft" and "zab"\); it takes one value$/m,
    );
    expectRefused(
      ['hunt', '--protocol', 'raft', '--runs=1', '--runs', '2'],
      /^faultline: --runs is given twice \("1" and "2"\); it takes one value$/m,
    );
    expectRefused(
      ['explore', '--from', 'x.json', '--from', 'y.json'],
      /^faultline: --from is given twice \("x\.json" and "y\.json"\); it takes one value$/m,
    );
    expectRefused(
      ['check-history', '--model', '--model', 'etcd-register'],
      /^faultline: --model is given twice \(with no value and "etcd-register"\)/m,
    );
    expectRefused(['save', 'a.json', '--to', 'a', '--to', 'b'], /^faultline: --to is given twice/m);
    // A key given twice in --set, as a scenario refuses two set lines of one key.
    expectRefused(
      ['hunt', '--protocol', 'primary-backup', '--runs', '1', '--set', 'nodeCount=3', '--set', 'nodeCount=5'],
      /^faultline: --set nodeCount is given twice \(nodeCount=3 and nodeCount=5\); give each setting once$/m,
    );
    const story = join(work, 'twice.scenario');
    writeFileSync(story, 'protocol primary-backup\ncrash 1\n');
    const repeated = faultline(
      ...['hunt', '--protocol', 'primary-backup', '--runs', '2', '--seed', '1', '--json'],
      ...['--set', 'nodeCount=3', '--set', 'clientCount=1', '--property', 'no-acked-write-lost', '--property', 'operations-complete'],
      ...['--from', story, '--from', story],
    );
    expect(repeated.status, repeated.stderr).toBe(0);
    expect(repeated.last).toMatchObject({ checkedProperties: ['no-acked-write-lost', 'operations-complete'], strategy: 'guided' });
  });

  it('explore without --depth is bounded by time and says how deep it got (per fault budget on the fault ladder, the default)', () => {
    const ladder = faultline('explore', '--protocol', 'primary-backup', '--time-limit-ms', '300', '--no-artifacts');
    expect(ladder.status).toBe(3);
    expect(ladder.stdout).toMatch(/fault-ladder search, as deep as time allows/);
    expect(ladder.stdout).toMatch(
      /incomplete: the time limit ran out; every schedule is free of violations up to these depths per fault budget: none: \d+, 1 crash: \d+, 1 partition: \d+, 1 message fault: \d+, any: \d+ steps/,
    );
    const run = faultline('explore', '--protocol', 'primary-backup', '--search', 'breadth-first', '--time-limit-ms', '300', '--no-artifacts');
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/coarse steps, as deep as time allows/);
    expect(run.stdout).toMatch(/incomplete: the time limit ran out while exploring depth \d+: it got to depth \d+/);
    // Free of violations as far as a liveness phase run once per state tells (primary-backup's backups are interchangeable).
    for (const output of [ladder.stdout, run.stdout]) {
      expect(output).toMatch(/^ {2}the liveness phase ran once per state: .*\(--no-symmetry checks each/m);
    }
    // The widening search says why it stopped in the exact searches' words.
    const states = faultline('explore', '--protocol', 'primary-backup', '--search', 'breadth-first', '--states-max', '40', '--no-artifacts');
    expect(states.status).toBe(3);
    expect(states.stdout).toMatch(/incomplete: the budget of 40 distinct states ran out while exploring depth \d+/);
    const widening = faultline('explore', '--protocol', 'primary-backup', '--search', 'widening', '--states-max', '40', '--no-artifacts');
    expect(widening.status).toBe(3);
    expect(widening.stdout).toMatch(
      /no counterexample found by the widening search \(the budget of 40 distinct states ran out at width \d+, depth \d+\); this proves nothing/,
    );
  });

  it('explore refuses options that would change nothing in the search asked for', () => {
    const base = ['explore', '--protocol', 'primary-backup', '--depth', '1', '--no-artifacts'];
    expectRefused([...base, '--search', 'fault-ladder', '--no-fault-ladder'], /^faultline: --no-fault-ladder applies to --search widening/m);
    expectRefused([...base, '--steps', 'events', '--no-silent-ticks'], /^faultline: --no-silent-ticks applies to --steps coarse/m);
    expectRefused([...base, '--op', 'write 1', '--values', '1,2'], /^faultline: --values builds the alphabet --op replaces: give one of them$/m);
    expectRefused([...base, '--op', 'write 1', '--operations', '0'], /^faultline: --op with --operations 0: no schedule would take an operation$/m);
    // A budget per kind above the total: it was accepted and printed as allowed ("within at most 0 faults, 3 crashes").
    expectRefused(
      [...base, '--faults-max', '0', '--crashes-max', '3'],
      /^faultline: --crashes-max 3 is more than --faults-max 0 allows .*: expected --crashes-max of at most 0, or a larger --faults-max$/m,
    );
    expectRefused(
      [...base, '--faults-max', '1', '--message-faults-max', '2'],
      /^faultline: --message-faults-max 2 is more than --faults-max 1 allows/m,
    );
    expect(faultline(...base, '--faults-max', '1', '--partitions-max', '1').status).toBe(0);
  });

  it('explore --depth 0 checks the initial world on the fault ladder too (it failed with an internal error), on one worker or two', () => {
    for (const workers of ['1', '2']) {
      const run = faultline('explore', '--protocol', 'primary-backup', '--depth', '0', '--workers', workers, '--json', '--no-artifacts');
      expect(run.status, run.stderr).toBe(0);
      expect(run.last).toMatchObject({ search: 'fault-ladder', depth: 0, complete: true, found: false, stopReason: 'depth' });
    }
  });

  it('explore --clients beyond the configured clients is refused instead of quietly using fewer', () => {
    expectRefused(
      ['explore', '--protocol', 'kafka', '--clients', '99'],
      /--clients 99: kafka is configured with 3 client\(s\) \(--set clientCount=N for more\)/,
    );
    const more = faultline(
      'explore',
      '--protocol',
      'primary-backup',
      '--set',
      'clientCount=4',
      '--clients',
      '4',
      '--operations',
      '1',
      '--depth',
      '1',
      '--json',
      '--no-artifacts',
    );
    expect(more.status, more.stderr).toBe(0);
  });
});

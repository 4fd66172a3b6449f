/**
 * The documentation stays true: the tables generated from the registry are current (run
 * `npm run docs` to rewrite them), every relative link and `#anchor` in README.md and docs/ (one
 * whose text wraps onto the next line too) resolves, and the README stays short enough to read.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/main.ts';
import {
  brokenCommands,
  brokenDocumentationLinks,
  brokenLinks,
  type CommandOptions,
  cliReferenceProblems,
  documentationFiles,
  generateBench,
  generateBlock,
  generateContents,
  generateExcerpt,
  type BenchmarkRun,
  readBenchResults,
  headingSlug,
  pageAnchors,
  renderPage,
  stalePages,
} from '../scripts/docs.ts';
import { protocols } from '../src/protocols/registry.ts';
import { minimalRegister } from './fixtures/minimal-protocol.ts';
import { describeSettings } from '../src/protocols/shared.ts';

const root = resolve(import.meta.dirname, '..');

/** Every `faultline` command's long options, from the CLI itself, and whether each takes a value. */
const commandOptions: CommandOptions = new Map(
  buildProgram().commands.map((command) => [
    command.name(),
    new Map(command.options.map((option) => [option.long ?? '', option.required || option.optional])),
  ]),
);

describe('documentation', () => {
  it('the generated tables are current (npm run docs rewrites them)', () => {
    expect(stalePages(root).map((page) => page.file)).toEqual([]);
  });

  it('a registered protocol without a page gets a first one from npm run docs, with its three tables filled', () => {
    const [missing, ...others] = stalePages(root, [...protocols, minimalRegister]);
    expect(others).toEqual([]);
    expect(missing).toMatchObject({ file: join('docs', 'protocols', 'minimal-register.md'), missing: true });
    const page = missing?.expected ?? '';
    expect(page).toMatch(/^# minimal-register\n\nA register kept by one server\.\n/);
    expect(page).toContain('| `acknowledged-write-survives` | at the end | safety |');
    expect(page).toContain('| `volatile-register` | `acknowledged-write-survives` |');
    expect(page).toContain('<!-- generated:settings minimal-register -->');
    // What it writes is current: the next run leaves it as it is.
    expect(renderPage(page, 'minimal-register.md', root, [...protocols, minimalRegister])).toBe(page);
  });

  it('every protocol page lists the properties and variants of its protocol', () => {
    for (const protocol of protocols) {
      const file = join(root, 'docs', 'protocols', `${protocol.name}.md`);
      expect(existsSync(file), `docs/protocols/${protocol.name}.md exists (npm run docs writes a first page for a registered protocol)`).toBe(true);
      const page = readFileSync(file, 'utf8');
      for (const kind of ['properties', 'variants', 'settings']) {
        expect(page, `docs/protocols/${protocol.name}.md has a ${kind} table`).toContain(`<!-- generated:${kind} ${protocol.name} -->`);
      }
      for (const setting of describeSettings(protocol)) {
        expect(setting.meaning, `${protocol.name}: the --set key ${setting.name} says what it means (the settings table quotes it)`).not.toBe('');
      }
      for (const property of protocol.properties) expect(page).toContain(`| \`${property.name}\` |`);
      for (const variant of protocol.variants) expect(page).toContain(`| \`${variant.name}\` |`);
    }
  });

  it('every relative link and anchor in README.md and docs/ resolves', () => {
    expect(documentationFiles(root)).toContain('README.md');
    expect(brokenDocumentationLinks(root)).toEqual([]);
  });

  it('every command the docs show runs as written: its options exist, its scripts and input files too', () => {
    const broken = documentationFiles(root).flatMap((file) => brokenCommands(root, file, readFileSync(join(root, file), 'utf8'), commandOptions));
    expect(broken).toEqual([]);
  });

  it('docs/cli.md names every option of each command in its section, and only options that exist', () => {
    expect(cliReferenceProblems(readFileSync(join(root, 'docs', 'cli.md'), 'utf8'), commandOptions)).toEqual([]);
    // README.md: "Every command but `studio` takes `--json`".
    expect([...commandOptions].filter(([, options]) => !options.has('--json')).map(([name]) => name)).toEqual(['studio']);
  });

  it('the observations on docs/benchmarks.md are about the run its tables show', () => {
    const run = (JSON.parse(readFileSync(join(root, 'docs', 'benchmarks.json'), 'utf8')) as { run: { date: string } }).run;
    expect(readFileSync(join(root, 'docs', 'benchmarks.md'), 'utf8')).toContain(`### What the run of ${run.date} shows`);
  });

  it('docs/benchmarks.md names every option npm run bench takes (four were missing)', () => {
    const bench = readFileSync(join(root, 'bench', 'index.ts'), 'utf8');
    const options = [...bench.matchAll(/\.(?:option|addOption)\(\s*(?:new Option\()?'(--[\w-]+)/g)].map((match) => match[1] as string);
    expect(options.length).toBeGreaterThan(10);
    // The page's "Options:" paragraph, not a mention in some later measurement's notes.
    const paragraph = /^Options: [\s\S]*?\n\n/m.exec(readFileSync(join(root, 'docs', 'benchmarks.md'), 'utf8'))?.[0] ?? '';
    expect(options.filter((option) => !paragraph.includes(`\`${option}`))).toEqual([]);
  });

  it('the README stays under 15,000 characters', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8').length).toBeLessThan(15_000);
  });
});

describe('the documentation checks themselves', () => {
  it('slugs headings as GitHub does', () => {
    expect(headingSlug("`commit-old-term` — the paper's Figure 8")).toBe('commit-old-term--the-papers-figure-8');
    expect(headingSlug('ZAB and a ZooKeeper-like service (`--protocol zab`)')).toBe('zab-and-a-zookeeper-like-service---protocol-zab');
    expect([...pageAnchors('# A\n## Same\n```\n# not a heading\n```\n## Same\n<a id="here"></a>\n')]).toEqual(['a', 'same', 'same-1', 'here']);
  });

  it('finds a missing file, a missing anchor and a line range past the end', () => {
    const text = [
      '[fine](README.md) [fine too](#a-heading) [code](package.json#L1-L2)',
      '[gone](docs/nope.md) [no anchor](README.md#no-such-heading) [past the end](package.json#L1-L99999)',
      '`[in code](nowhere.md)` [web](https://example.com/nowhere) [missing here](#no-such-heading)',
      '# A heading',
    ].join('\n');
    const broken = brokenLinks(root, 'page.md', text);
    expect(broken).toEqual([
      'page.md:2: docs/nope.md (no such file)',
      'page.md:2: README.md#no-such-heading (no heading with this anchor)',
      expect.stringMatching(/^page\.md:2: package\.json#L1-L99999 \(expected #Lstart-Lend within \d+ lines\)$/),
      'page.md:3: #no-such-heading (no heading with this anchor)',
    ]);
  });

  it('finds a broken link whose text wraps onto the next line, and names the line it starts on', () => {
    const text = [
      'By default it runs the [fault',
      'ladder](#no-such-ladder): see [the',
      'commands](docs/cli.md#no-such-command) or [the exit',
      'codes](docs/cli.md#exit-codes).',
      '',
      '[not a link across a blank line',
      '',
      '](docs/nope.md)',
    ].join('\n');
    expect(brokenLinks(root, 'page.md', text)).toEqual([
      'page.md:1: #no-such-ladder (no heading with this anchor)',
      'page.md:2: docs/cli.md#no-such-command (no heading with this anchor)',
    ]);
  });

  it('finds a command, an option, a script or an input file that does not exist', () => {
    const text = [
      '```sh',
      'npx faultline hunt --protocol raft --runz 10     # a typo',
      'npx faultline replay counterexamples/raft/no-such-variant.json --scenario mine.scenario',
      'npx faultline replay .faultline/P-V-STRATEGY-seed-SEED.json --html out.html   # written by a hunt',
      'npx faultline check-history --model kv ../elsewhere/c50-ok.txt',
      'npx faultline hunts',
      '```',
      'Then `faultline save --forced FILE` and `npm run benchmark`; `npm run bench -- --only startup` is fine.',
      '```yaml',
      '- run: npx faultline hunt --seed 2026 --shard ${{ matrix.shard }}/4 --json > hunt.jsonl',
      '```',
    ].join('\n');
    expect(brokenCommands(root, 'page.md', text, commandOptions)).toEqual([
      'page.md:2: npx faultline hunt --protocol raft --runz 10 (hunt has no option --runz)',
      'page.md:3: npx faultline replay counterexamples/raft/no-such-variant.json --scenario mine.scenario (no file counterexamples/raft/no-such-variant.json in the repository)',
      'page.md:6: npx faultline hunts (no command "hunts")',
      'page.md:8: faultline save --forced FILE (save has no option --forced)',
      'page.md:8: npm run benchmark (no script "benchmark" in package.json)',
    ]);
    const reference = ['## `faultline merge FILES...`', 'Options: `--json`, `--jsn`.', '## `faultline list`', 'No options.'].join('\n');
    const merge = new Map([
      ['merge', new Map([['--json', false]])],
      ['list', new Map([['--json', false]])],
    ]);
    expect(cliReferenceProblems(reference, merge)).toEqual([
      "docs/cli.md: faultline merge's section names --jsn, which no command has",
      "docs/cli.md: faultline list's section does not name --json",
    ]);
  });

  it('re-generates a stale block, and refuses an unknown one', () => {
    const protocol = protocols[0];
    if (!protocol) throw new Error('no protocol registered');
    const stale = `before\n<!-- generated:properties ${protocol.name} -->\n| old |\n<!-- /generated -->\nafter\n`;
    const rendered = renderPage(stale, 'docs/x.md', root);
    expect(rendered).toBe(
      `before\n<!-- generated:properties ${protocol.name} -->\n${generateBlock('properties', protocol, root, 'docs/x.md')}\n<!-- /generated -->\nafter\n`,
    );
    expect(renderPage(rendered, 'docs/x.md', root)).toBe(rendered);
    expect(() => renderPage('<!-- generated:recipes raft -->\n<!-- /generated -->\n', 'x.md', root)).toThrow('x.md:1: expected a generated kind');
    expect(() => renderPage('<!-- generated:properties paxos -->\n<!-- /generated -->\n', 'x.md', root)).toThrow('x.md:1: expected a protocol name');
    expect(() => renderPage(`<!-- generated:properties ${protocol.name} -->\n`, 'x.md', root)).toThrow('expected "<!-- /generated -->"');
  });

  it("lists a page's own headings as links down to a level, each anchor one the page has", () => {
    const page = [
      '# Title',
      'intro',
      '<!-- generated:contents 3 -->',
      '<!-- /generated -->',
      '## Setup: `npm ci`',
      '### Twice',
      '#### Too deep',
      '```sh',
      '## not a heading (code)',
      '```',
      '## See [the CLI](cli.md)',
      '### Twice',
      '',
    ].join('\n');
    const rendered = renderPage(page, 'docs/x.md', root);
    const listed = ['- [Setup: `npm ci`](#setup-npm-ci)', '  - [Twice](#twice)', '- [See the CLI](#see-the-cli)', '  - [Twice](#twice-1)'];
    expect(rendered).toBe(page.replace('<!-- generated:contents 3 -->\n', `<!-- generated:contents 3 -->\n${listed.join('\n')}\n`));
    expect(renderPage(rendered, 'docs/x.md', root)).toBe(rendered);
    const anchors = pageAnchors(rendered);
    for (const line of listed) expect(anchors.has(/\(#([^)]+)\)$/.exec(line)?.[1] ?? '')).toBe(true);
    expect(generateContents(page, '2', 'x.md:3').split('\n')).toEqual([listed[0], listed[2]]);
    expect(() => generateContents(page, '1', 'x.md:3')).toThrow('x.md:3: expected a heading level from 2 to 6, found "1"');
    expect(() => generateContents('# Title only\n', '2', 'x.md:1')).toThrow('x.md:1: the page has no heading from ## to ## to list');
  });

  it('quotes a region of a source file without its markers, and a whole file, under a link to them', () => {
    const excerpt = generateExcerpt('properties/testing-helpers.test.ts#never-decreases-ghost', root, 'docs/extending.md');
    expect(excerpt).toMatch(
      /^\[`properties\/testing-helpers\.test\.ts`, lines (\d+)–(\d+)\]\(\.\.\/properties\/testing-helpers\.test\.ts#L\1-L\2\):\n\n```ts\ninterface AckedWritesHeld \{\n/,
    );
    expect(excerpt).not.toContain('#region');
    expect(excerpt.endsWith('}\n```')).toBe(true);
    const whole = generateExcerpt('scenarios/primary-backup-lost-write.scenario', root, 'docs/studying.md');
    expect(whole).toBe(
      `[\`scenarios/primary-backup-lost-write.scenario\`](../scenarios/primary-backup-lost-write.scenario):\n\n\`\`\`text\n${readFileSync(join(root, 'scenarios/primary-backup-lost-write.scenario'), 'utf8').trimEnd()}\n\`\`\``,
    );
    expect(() => generateExcerpt('properties/testing-helpers.test.ts#no-such-region', root, 'x.md')).toThrow('expected "// #region no-such-region"');
  });

  it('writes the recorded benchmark run as a sentence and tables, and refuses an unknown part', () => {
    const benchmark = JSON.parse(readFileSync(join(root, 'docs', 'benchmarks.json'), 'utf8')) as BenchmarkRun;
    expect(generateBench('run', benchmark, 'x.md')).toContain(
      `\`${benchmark.run.command}\`, ${benchmark.run.date}, commit \`${benchmark.run.commit}\`, on ${benchmark.run.machine} (`,
    );
    // A run before the per-strategy bench: flat columns only.
    const flat: BenchmarkRun = { ...benchmark, variants: benchmark.variants.map(({ strategies: _strategies, ...row }) => row) };
    const variants = generateBench('variants', flat, 'x.md').split('\n');
    expect(variants).toHaveLength(benchmark.variants.length + 2);
    const first = benchmark.variants[0];
    if (!first) throw new Error('the recorded run has no variants');
    expect(variants[2]).toMatch(new RegExp(`^\\| ${first.protocol} / ${first.variant} \\| ${first.caught} \\|`));
    expect(() => generateBench('recipes', benchmark, 'x.md')).toThrow('x.md: expected a benchmark part');
    // A run of the per-strategy bench: one column group per strategy, start-up and deep stories.
    const cell = { caught: '2/3', runsToFindMedian: 1200, msToFindMedian: 35, shrunkEventsMedian: 9, shrunkEventsMin: 7 };
    const perStrategy: BenchmarkRun = {
      ...benchmark,
      startup: [{ command: 'faultline list', medianMs: 120, ratioToNode: 2.4 }],
      variants: [{ ...first, strategies: { before: cell, mixed: { ...cell, caught: '3/3', shrunkEventsMin: null } } }],
      deep: [{ protocol: 'raft', variant: 'commit-old-term', strategy: 'mixed', ...cell }],
    };
    expect(generateBench('variants', perStrategy, 'x.md').split('\n')).toEqual([
      '| protocol / variant | before caught | before runs | before ms | before shrunk (min) | mixed caught | mixed runs | mixed ms | mixed shrunk (min) | explore shortest |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${first.protocol} / ${first.variant} | 2/3 | 1,200 | 35 | 9 (7) | 3/3 | 1,200 | 35 | 9 | ${first.shortestFromExplore === null ? '–' : first.shortestFromExplore} |`,
    ]);
    expect(generateBench('startup', perStrategy, 'x.md')).toContain('| `faultline list` | 120 | 2.4 |');
    expect(generateBench('deep', perStrategy, 'x.md')).toContain('| raft / commit-old-term | mixed | 2/3 | 1,200 | 35 | 9 |');
  });

  it('records only the results of npm run bench, and never with --check', () => {
    const benchmarkText = readFileSync(join(root, 'docs', 'benchmarks.json'), 'utf8');
    expect(() => readBenchResults('l.json', JSON.stringify({ mode: 'warm', runs: 5, totalMedianMs: 1, rows: [] }))).toThrow(
      'l.json: expected the results of a benchmark run, with machine, speed, variants and linearizability (the output of npm run bench)',
    );
    expect(() => readBenchResults('x.json', 'not json')).toThrow('x.json: expected the results of a benchmark run');
    expect(readBenchResults('b.json', benchmarkText).variants.length).toBeGreaterThan(0);
    const run = spawnSync(
      process.execPath,
      ['bin/run-ts.mjs', 'scripts/docs.ts', '--check', '--bench', 'docs/benchmarks.json', '--command', 'x', '--machine', 'y'],
      { cwd: root, encoding: 'utf8' },
    );
    expect([run.status, run.stderr]).toEqual([2, '--check writes nothing, so it cannot record --bench FILE: run one, then the other\n']);
    expect(readFileSync(join(root, 'docs', 'benchmarks.json'), 'utf8')).toBe(benchmarkText);
  });

  it('says why a recorded run has no linearizability figures, as the bench recorded it', () => {
    const benchmark = JSON.parse(readFileSync(join(root, 'docs', 'benchmarks.json'), 'utf8')) as BenchmarkRun;
    const skipped: BenchmarkRun = { ...benchmark, linearizability: null, linearizabilityNotMeasured: 'the corpus was missing at /x' };
    expect(generateBench('linearizability', skipped, 'x.md')).toBe(
      'This run did not measure the linearizability checker (the corpus was missing at /x).',
    );
  });
});

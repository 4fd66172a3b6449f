/**
 * `npm run docs`: rewrites the generated parts of README.md and docs/**.md from the protocol
 * registry, so tables of properties, variants and settings cannot drift from the code.
 * `npm run docs -- --check` writes nothing and exits 1 when a page is stale or a relative link or
 * `#anchor` does not resolve (`properties/docs.test.ts` runs the same checks, and also checks with
 * `brokenCommands` that every command the pages show exists with its options, scripts and input
 * files, and with `cliReferenceProblems` that docs/cli.md names every option of each command).
 *
 * A generated block sits between two marker comments, e.g.
 *
 *     <!-- generated:properties raft -->
 *     (anything here is replaced)
 *     <!-- /generated -->
 *
 * Kinds: `properties PROTOCOL`, `variants PROTOCOL`, `settings PROTOCOL`, and
 * `excerpt PATH#REGION`, which quotes the lines between `// #region REGION` and
 * `// #endregion REGION` of a source file (one a test type-checks, so code samples compile), and
 * `excerpt PATH`, which quotes a whole file (e.g. a golden transcript, so examples stay current),
 * `contents LEVEL`, the page's own headings down to LEVEL (2: `##`, 3: `###` too) as a list of
 * links, so a long page says what it holds before the first of its sections,
 * and `bench run|startup|speed|variants|deep|linearizability`, the figures of the one benchmark run recorded in
 * docs/benchmarks.json. To record a new run (it replaces the old one, so figures of two runs are
 * never mixed): `npm run bench -- --seeds 3`, then
 * `npm run docs -- --bench bench/results/bench.json --command "npm run bench -- --seeds 3" --machine "..."`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyProtocol } from '../src/core/types.ts';
import { protocols } from '../src/protocols/registry.ts';
import * as shared from '../src/protocols/shared.ts';

export const generatedKinds = ['properties', 'variants', 'settings', 'excerpt', 'bench', 'contents'] as const;
export const benchmarkFile = 'docs/benchmarks.json';
export type GeneratedKind = (typeof generatedKinds)[number];

const openMarker = /^<!-- generated:(\S+) (\S+) -->$/;
const closeMarker = '<!-- /generated -->';

/** A table cell: one line, no column breaks. */
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join(
    '\n',
  );
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `\`${value}\`` : `\`${JSON.stringify(value)}\``;
}

/** One setting as `describeSettings` (src/protocols/shared.ts) reports it. */
interface SettingDescription {
  readonly name: string;
  readonly type: string;
  readonly defaultValue: unknown;
  readonly meaning: string;
  readonly choices?: readonly string[];
}

/** `describeSettings` once the protocols declare their settings; undefined until then. */
function settingsDescriber(): ((protocol: AnyProtocol) => readonly SettingDescription[]) | undefined {
  const candidate = (shared as Record<string, unknown>)['describeSettings'];
  return typeof candidate === 'function' ? (candidate as (protocol: AnyProtocol) => readonly SettingDescription[]) : undefined;
}

/**
 * The Markdown of one generated block. `file` is the page it goes into (relative to `root`), so
 * links to the regression corpus are relative to it.
 */
export function generateBlock(
  kind: Exclude<GeneratedKind, 'excerpt' | 'bench' | 'contents'>,
  protocol: AnyProtocol,
  root: string,
  file: string,
): string {
  switch (kind) {
    case 'properties':
      return table(
        ['property', 'checked', 'kind', 'what it says'],
        protocol.properties.map((property) => [
          `\`${property.name}\``,
          property.when === 'every-step' ? 'after every step' : property.when === 'end' ? 'at the end' : 'at the end of the degraded phase',
          property.category,
          property.description,
        ]),
      );
    case 'variants': {
      const correctOverrides = protocol.variants.find((variant) => variant.name === 'correct')?.configOverrides;
      return table(
        ['variant', 'breaks', 'what goes wrong', 'minimal counterexample'],
        protocol.variants.map((variant) => {
          const corpusFile = join('counterexamples', protocol.name, `${variant.name}.md`);
          const link = existsSync(join(root, corpusFile))
            ? `[${variant.name}.md](${relative(dirname(join(root, file)), join(root, corpusFile))
                .split('\\')
                .join('/')})`
            : '—';
          // The correct variant's settings are every variant's base: show only what a bug variant changes.
          const base = variant.name === 'correct' ? {} : (correctOverrides ?? {});
          const overrides = Object.entries(variant.configOverrides ?? {})
            .filter(([key, value]) => base[key] !== value)
            .map(([key, value]) => `${key}=${String(value)}`);
          const notes = [
            ...(overrides.length === 0
              ? []
              : variant.name === 'correct'
                ? [`(every variant starts from \`--set ${overrides.join(' --set ')}\`)`]
                : [`(runs with \`--set ${overrides.join(' --set ')}\`)`]),
            ...(variant.knownLimitation ? ['(a documented limitation of the correct protocol, not a bug)'] : []),
          ];
          return [
            `\`${variant.name}\``,
            variant.expectedViolation ? `\`${variant.expectedViolation}\`` : '—',
            [variant.description, ...notes].join(' '),
            variant.name === 'correct' ? '—' : link,
          ];
        }),
      );
    }
    case 'settings': {
      const describe = settingsDescriber();
      if (!describe) throw new Error('settings tables need describeSettings in src/protocols/shared.ts');
      return table(
        ['`--set` key', 'type', 'default', 'meaning'],
        describe(protocol).map((setting) => [
          `\`${setting.name}\``,
          setting.choices ? setting.choices.map((choice) => `\`${choice}\``).join(' | ') : setting.type,
          describeValue(setting.defaultValue),
          setting.meaning,
        ]),
      );
    }
  }
}

/**
 * The lines of `source` (relative to `root`) between `// #region NAME` and `// #endregion NAME`,
 * without inner region markers and with the common indentation removed, as a fenced block under
 * a link to those lines (relative to `file`).
 */
export function generateExcerpt(reference: string, root: string, file: string): string {
  const [source = '', region] = reference.split('#', 2);
  const path = join(root, source);
  if (!existsSync(path)) throw new Error(`${file}: expected an existing source file in "${reference}"`);
  const lines = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
  const link = relative(dirname(join(root, file)), path)
    .split('\\')
    .join('/');
  const language = source.endsWith('.ts') ? 'ts' : 'text';
  if (region === undefined) return [`[\`${source}\`](${link}):`, '', `\`\`\`${language}`, ...lines, '```'].join('\n');
  const marker = (word: string) => (line: string) => line.trim() === `// #${word} ${region}`;
  const start = lines.findIndex(marker('region'));
  const end = lines.findIndex(marker('endregion'));
  if (start < 0 || end <= start) throw new Error(`${file}: expected "// #region ${region}" and "// #endregion ${region}" in ${source}`);
  const body = lines.slice(start + 1, end).filter((line) => !/^\s*\/\/ #(end)?region /.test(line));
  const indent = Math.min(...body.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0));
  return [
    `[\`${source}\`, lines ${start + 2}–${end}](${link}#L${start + 2}-L${end}):`,
    '',
    `\`\`\`${language}`,
    ...body.map((line) => line.slice(indent)),
    '```',
  ].join('\n');
}

/** One strategy's results for a bug variant, over the run's seeds. */
interface StrategyCell {
  readonly caught: string;
  readonly runsToFindMedian: number | null;
  readonly msToFindMedian: number | null;
  readonly shrinkMsMedian?: number | null;
  readonly shrunkEventsMedian: number | null;
  readonly shrunkEventsMin?: number | null;
}

/**
 * The one benchmark run the docs quote: `bench/results/bench.json` plus where it ran. Runs before
 * the per-strategy bench have flat fields only (the default strategy, uniform, guided); later
 * runs also have `strategies`, `startup` and `deep`.
 */
export interface BenchmarkRun {
  readonly run: { readonly command: string; readonly date: string; readonly commit: string; readonly machine: string; readonly note?: string };
  readonly machine: { readonly node: string; readonly cpus: number; readonly loadAverage?: readonly number[] };
  readonly startup?: readonly { readonly command: string; readonly medianMs: number; readonly ratioToNode: number }[];
  readonly speed: readonly {
    readonly protocol: string;
    readonly schedules: number;
    readonly eventsPerSecondAllInvariants: number;
    readonly eventsPerSecondEndChecksOnly: number;
  }[];
  readonly variants: readonly (StrategyCell & {
    readonly protocol: string;
    readonly variant: string;
    readonly shortestFromExplore: number | null;
    readonly uniformRunsToFindMedian?: number | null;
    readonly guidedCaught: string;
    readonly guidedRunsToFindMedian: number | null;
    readonly guidedMsToFindMedian: number | null;
    readonly guidedShrunkEventsMedian: number | null;
    readonly strategies?: Readonly<Record<string, StrategyCell>>;
  })[];
  readonly deep?: readonly (StrategyCell & { readonly protocol: string; readonly variant: string; readonly strategy: string })[];
  readonly linearizability: {
    readonly runs: number;
    readonly totalMedianMs: number;
    readonly rows?: readonly { readonly agrees: boolean }[];
    readonly files?: number;
    readonly agree?: number;
  } | null;
  /** Why `linearizability` is null (bench/index.ts says it; runs recorded before it did not). */
  readonly linearizabilityNotMeasured?: string | null;
}

function figure(value: number | null, digits = 0): string {
  return value === null ? '–' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A table or sentence of the recorded benchmark run. */
export function generateBench(part: string, benchmark: BenchmarkRun, file: string): string {
  switch (part) {
    case 'run': {
      const { run, machine } = benchmark;
      const load = machine.loadAverage ? `; load average ${machine.loadAverage.map((value) => value.toFixed(1)).join(' / ')} when it ended` : '';
      return (
        `Every figure on this page comes from **one run**: \`${run.command}\`, ${run.date}, commit \`${run.commit}\`, on ` +
        `${run.machine} (${machine.cpus} CPUs, Node ${machine.node}${load}).` +
        (run.note ? ` Note: ${run.note}.` : '')
      );
    }
    case 'speed':
      if (benchmark.speed.length === 0) return 'This run did not measure simulation speed.';
      return table(
        ['protocol', 'schedules', 'events/s, all invariants', 'events/s, end checks only'],
        benchmark.speed.map((row) => [
          row.protocol,
          figure(row.schedules),
          figure(Math.round(row.eventsPerSecondAllInvariants / 1000) * 1000),
          figure(Math.round(row.eventsPerSecondEndChecksOnly / 1000) * 1000),
        ]),
      );
    case 'variants': {
      if (benchmark.variants.length === 0) return 'This run did not hunt the bug variants.';
      const shrunk = (cell: StrategyCell | undefined): string =>
        cell?.shrunkEventsMedian == null
          ? '–'
          : `${figure(cell.shrunkEventsMedian)}${cell.shrunkEventsMin == null ? '' : ` (${figure(cell.shrunkEventsMin)})`}`;
      const names = [...new Set(benchmark.variants.flatMap((row) => Object.keys(row.strategies ?? {})))];
      if (names.length > 0) {
        return table(
          [
            'protocol / variant',
            ...names.flatMap((name) => [`${name} caught`, `${name} runs`, `${name} ms`, `${name} shrunk (min)`]),
            'explore shortest',
          ],
          benchmark.variants.map((row) => [
            `${row.protocol} / ${row.variant}`,
            ...names.flatMap((name) => {
              const cell = row.strategies?.[name];
              return [cell?.caught ?? '–', figure(cell?.runsToFindMedian ?? null), figure(cell?.msToFindMedian ?? null), shrunk(cell)];
            }),
            figure(row.shortestFromExplore),
          ]),
        );
      }
      return table(
        [
          'protocol / variant',
          'caught',
          'runs',
          'ms',
          'shrink ms',
          'shrunk (min)',
          'explore shortest',
          'uniform runs',
          'guided caught',
          'guided runs',
          'guided ms',
          'guided shrunk',
        ],
        benchmark.variants.map((row) => [
          `${row.protocol} / ${row.variant}`,
          row.caught,
          figure(row.runsToFindMedian),
          figure(row.msToFindMedian),
          figure(row.shrinkMsMedian ?? null),
          shrunk(row),
          figure(row.shortestFromExplore),
          figure(row.uniformRunsToFindMedian ?? null),
          row.guidedCaught,
          figure(row.guidedRunsToFindMedian),
          figure(row.guidedMsToFindMedian),
          figure(row.guidedShrunkEventsMedian),
        ]),
      );
    }
    case 'startup':
      if (!benchmark.startup || benchmark.startup.length === 0) return 'This run did not measure start-up.';
      return table(
        ['command', 'median ms', '× `node -e 0`'],
        benchmark.startup.map((row) => [`\`${row.command}\``, figure(row.medianMs), figure(row.ratioToNode, 1)]),
      );
    case 'deep':
      if (!benchmark.deep || benchmark.deep.length === 0) return 'This run did not hunt the deep stories as the command does.';
      return table(
        ['protocol / variant', 'strategy', 'caught', 'runs', 'ms', 'shrunk'],
        benchmark.deep.map((row) => [
          `${row.protocol} / ${row.variant}`,
          row.strategy,
          row.caught,
          figure(row.runsToFindMedian),
          figure(row.msToFindMedian),
          figure(row.shrunkEventsMedian),
        ]),
      );
    case 'linearizability': {
      const checker = benchmark.linearizability;
      if (!checker) {
        const reason = benchmark.linearizabilityNotMeasured ?? 'the corpus was missing, or `--no-linearizability`';
        return `This run did not measure the linearizability checker (${reason}).`;
      }
      const files = checker.rows?.length ?? checker.files ?? 0;
      const agree = checker.rows?.filter((row) => row.agrees).length ?? checker.agree ?? 0;
      return (
        `${agree} of ${files} verdicts on the Porcupine corpus agreed with the corpus's; checking every file took ` +
        `${figure(checker.totalMedianMs, 1)} ms in total (the median of ${checker.runs} checks per file, summed).`
      );
    }
    default:
      throw new Error(`${file}: expected a benchmark part (run, startup, speed, variants, deep, linearizability), found "${part}"`);
  }
}

/** README.md and every Markdown page under docs/, relative to `root`, sorted. */
export function documentationFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(join(root, directory), { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) found.push(path);
    }
  };
  if (existsSync(join(root, 'README.md'))) found.push('README.md');
  if (existsSync(join(root, 'docs'))) walk('docs');
  return found.sort();
}

/** The page with every generated block re-generated; throws on a malformed or unknown marker. */
export function renderPage(text: string, file: string, root: string, known: readonly AnyProtocol[] = protocols): string {
  const lines = text.split('\n');
  const output: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const open = openMarker.exec(line.trim());
    output.push(line);
    if (!open) continue;
    const [, kind = '', name = ''] = open;
    if (!(generatedKinds as readonly string[]).includes(kind)) {
      throw new Error(`${file}:${index + 1}: expected a generated kind (${generatedKinds.join(', ')}), found "${kind}"`);
    }
    const close = lines.findIndex((candidate, at) => at > index && candidate.trim() === closeMarker);
    if (close < 0) throw new Error(`${file}:${index + 1}: expected "${closeMarker}" after this marker`);
    if (kind === 'excerpt' || kind === 'bench' || kind === 'contents') {
      const block =
        kind === 'excerpt'
          ? generateExcerpt(name, root, file)
          : kind === 'bench'
            ? generateBench(name, readBenchmark(root), file)
            : generateContents(text, name, `${file}:${index + 1}`);
      output.push(block, closeMarker);
      index = close;
      continue;
    }
    const protocol = known.find((candidate) => candidate.name === name);
    if (!protocol) throw new Error(`${file}:${index + 1}: expected a protocol name (${known.map((p) => p.name).join(', ')}), found "${name}"`);
    output.push(generateBlock(kind as Exclude<GeneratedKind, 'excerpt' | 'bench' | 'contents'>, protocol, root, file), closeMarker);
    index = close;
  }
  return output.join('\n');
}

/**
 * The results of `npm run bench` read from `file`, refused with a line naming the file when they
 * are something else: a wrong file recorded once (bench/results/linearizability.json) made every
 * later `npm run docs` fail on "Cannot read properties of undefined" naming no file.
 */
export function readBenchResults(file: string, text: string): Omit<BenchmarkRun, 'run'> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const results = value as Partial<Record<keyof BenchmarkRun, unknown>> | undefined;
  const machine = results?.machine as Partial<BenchmarkRun['machine']> | undefined;
  if (
    typeof results !== 'object' ||
    results === null ||
    typeof machine?.node !== 'string' ||
    !Array.isArray(results.speed) ||
    !Array.isArray(results.variants) ||
    !('linearizability' in results)
  ) {
    throw new Error(
      `${file}: expected the results of a benchmark run, with machine, speed, variants and linearizability (the output of npm run bench)`,
    );
  }
  return results as Omit<BenchmarkRun, 'run'>;
}

function readBenchmark(root: string): BenchmarkRun {
  return readBenchResults(benchmarkFile, readFileSync(join(root, benchmarkFile), 'utf8')) as BenchmarkRun;
}

/**
 * Records a new benchmark run from `bench/results/bench.json` (replacing the previous one) with
 * the command that produced it, the machine, today's date and the current commit.
 */
export function recordBenchmark(root: string, benchJson: string, command: string, machine: string): void {
  const measured = readBenchResults(benchJson, readFileSync(benchJson, 'utf8'));
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const run = { command, date: new Date().toISOString().slice(0, 10), commit, machine };
  writeFileSync(join(root, benchmarkFile), `${JSON.stringify({ run, ...measured }, null, 2)}\n`);
}

/**
 * The first page of a registered protocol that has none: its description and the three generated
 * tables, for its author to write the rest around. Why: the test suite wants the page, and the
 * markers were otherwise found only by copying another protocol's page.
 */
export function firstProtocolPage(protocol: AnyProtocol): string {
  const section = (title: string, kind: string): string => `## ${title}\n\n<!-- generated:${kind} ${protocol.name} -->\n${closeMarker}\n`;
  return [
    `# ${protocol.name}\n`,
    `${protocol.description}\n`,
    section('Settings', 'settings'),
    section('Properties', 'properties'),
    section('Variants', 'variants'),
  ].join('\n');
}

/**
 * Pages whose generated blocks are not current, with what they should hold; `missing` for the
 * page of a registered protocol that does not exist yet (`docs/protocols/NAME.md`).
 */
export function stalePages(root: string, known: readonly AnyProtocol[] = protocols): { file: string; expected: string; missing?: true }[] {
  const stale: { file: string; expected: string; missing?: true }[] = documentationFiles(root).flatMap((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const expected = renderPage(text, file, root, known);
    return expected === text ? [] : [{ file, expected }];
  });
  for (const protocol of known) {
    const file = join('docs', 'protocols', `${protocol.name}.md`);
    if (!existsSync(join(root, file))) stale.push({ file, expected: renderPage(firstProtocolPage(protocol), file, root, known), missing: true });
  }
  return stale;
}

/** Markdown links and images replaced by their text. */
function withoutLinkTargets(text: string): string {
  return text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces become hyphens. */
export function headingSlug(heading: string): string {
  const text = withoutLinkTargets(heading) // links keep their text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/[`*~]/g, ''); // code and emphasis marks
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Lines outside fenced code blocks, with inline code spans blanked, numbered from 1. */
function proseLines(text: string): { line: number; raw: string; text: string }[] {
  const result: { line: number; raw: string; text: string }[] = [];
  let fence: string | null = null;
  for (const [index, raw] of text.split('\n').entries()) {
    const fenceMatch = /^\s*(```+|~~~+)/.exec(raw);
    if (fenceMatch) {
      const marker = fenceMatch[1] ?? '';
      if (fence === null) fence = marker;
      else if (marker.startsWith(fence)) fence = null;
      continue;
    }
    if (fence !== null) continue;
    result.push({ line: index + 1, raw, text: raw.replace(/`+[^`]*`+/g, (span) => ' '.repeat(span.length)) });
  }
  return result;
}

/** A page's headings in order: level, text and anchor (GitHub numbers a repeated one: `name-1`, `name-2`). */
function pageHeadings(text: string): { readonly level: number; readonly text: string; readonly anchor: string }[] {
  const headings: { level: number; text: string; anchor: string }[] = [];
  const counts = new Map<string, number>();
  for (const { raw: line } of proseLines(text)) {
    const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = headingSlug(heading[2] ?? '');
    const seen = counts.get(slug) ?? 0;
    counts.set(slug, seen + 1);
    headings.push({ level: heading[1]?.length ?? 1, text: heading[2] ?? '', anchor: seen === 0 ? slug : `${slug}-${seen}` });
  }
  return headings;
}

/** Every anchor a Markdown page offers: its headings (GitHub numbering of duplicates) and explicit ids. */
export function pageAnchors(text: string): Set<string> {
  const anchors = new Set(pageHeadings(text).map((heading) => heading.anchor));
  for (const { raw: line } of proseLines(text)) {
    for (const explicit of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(explicit[1] ?? '');
  }
  return anchors;
}

/**
 * `contents LEVEL`: the page's headings from `##` down to LEVEL as a nested list of links (the
 * title and deeper headings left out). Links keep their text and lose their target, so a heading
 * that holds a link is still one link.
 */
export function generateContents(page: string, level: string, where: string): string {
  const deepest = Number(level);
  if (!Number.isInteger(deepest) || deepest < 2 || deepest > 6) throw new Error(`${where}: expected a heading level from 2 to 6, found "${level}"`);
  const lines = pageHeadings(page)
    .filter((heading) => heading.level >= 2 && heading.level <= deepest)
    .map((heading) => {
      const label = withoutLinkTargets(heading.text);
      return `${'  '.repeat(heading.level - 2)}- [${label}](#${heading.anchor})`;
    });
  if (lines.length === 0) throw new Error(`${where}: the page has no heading from ## to ${'#'.repeat(deepest)} to list`);
  return lines.join('\n');
}

/**
 * The prose of a page as paragraphs (runs of consecutive non-blank prose lines joined by newlines),
 * each with the number of its first line: a link whose text wraps onto the next line is one match.
 */
function proseParagraphs(text: string): { line: number; text: string; last: number }[] {
  const paragraphs: { line: number; text: string; last: number }[] = [];
  let current: { line: number; text: string; last: number } | null = null;
  for (const { line, text: prose } of proseLines(text)) {
    if (prose.trim() === '') {
      current = null;
      continue;
    }
    if (current !== null && current.last === line - 1) {
      current.text += `\n${prose}`;
      current.last = line;
      continue;
    }
    current = { line, text: prose, last: line };
    paragraphs.push(current);
  }
  return paragraphs;
}

/** Relative links of a page whose file, `#anchor` or `#Lstart-Lend` line range does not exist. */
export function brokenLinks(root: string, file: string, text: string): string[] {
  const broken: string[] = [];
  for (const paragraph of proseParagraphs(text)) {
    // The link text may wrap onto the next lines (no brackets inside it); the target may not.
    for (const match of paragraph.text.matchAll(/\[[^[\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const line = paragraph.line + (paragraph.text.slice(0, match.index).match(/\n/g)?.length ?? 0);
      const target = match[1] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
      const [pathPart = '', anchor] = target.split('#', 2);
      if (pathPart === '') {
        if (anchor !== undefined && !pageAnchors(text).has(anchor)) broken.push(`${file}:${line}: ${target} (no heading with this anchor)`);
        continue;
      }
      const resolved = resolve(dirname(join(root, file)), decodeURIComponent(pathPart));
      const where = `${file}:${line}: ${target}`;
      if (!existsSync(resolved)) {
        broken.push(`${where} (no such file)`);
        continue;
      }
      if (anchor === undefined) continue;
      if (statSync(resolved).isDirectory()) {
        broken.push(`${where} (an anchor on a folder)`);
      } else if (resolved.endsWith('.md')) {
        if (!pageAnchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${where} (no heading with this anchor)`);
      } else {
        const range = /^L(\d+)(?:-L(\d+))?$/.exec(anchor);
        const lineCount = readFileSync(resolved, 'utf8').split('\n').length;
        const last = Number(range?.[2] ?? range?.[1] ?? 0);
        if (!range || last > lineCount || Number(range[1]) < 1) broken.push(`${where} (expected #Lstart-Lend within ${lineCount} lines)`);
      }
    }
  }
  return broken;
}

/** The `faultline` commands and, per command, its long options and whether each takes a value. */
export type CommandOptions = ReadonlyMap<string, ReadonlyMap<string, boolean>>;

/** Options a command's output goes to: the file named after one need not exist yet. */
const outputOptions = new Set(['--html', '--markdown', '--scenario', '--out', '--to']);

/** Code blocks' languages whose `faultline` lines are commands run in a shell from the project root. */
const shellLanguages = new Set(['', 'sh', 'bash', 'shell', 'console']);

/**
 * Commands a reader may copy from a page: every `faultline`, `npx faultline` or `node
 * bin/faultline.mjs` command and every `npm run` in a code block or an inline code span, with
 * whether it is a shell line of a code block (whose file arguments must exist, see
 * `brokenCommands`).
 */
export function documentedCommands(text: string): { line: number; command: string; shell: boolean }[] {
  const found: { line: number; command: string; shell: boolean }[] = [];
  const pattern = /(?:^|[^\w/.-])((?:npx faultline|node bin\/faultline\.mjs|faultline|npm run)(?= )[^`|;&>#]*)/g;
  let fence: { marker: string; language: string } | null = null;
  for (const [index, raw] of text.split('\n').entries()) {
    const fenceMatch = /^\s*(```+|~~~+)\s*(\S*)/.exec(raw);
    if (fenceMatch) {
      const marker = fenceMatch[1] ?? '';
      if (fence === null) fence = { marker, language: (fenceMatch[2] ?? '').toLowerCase() };
      else if (marker.startsWith(fence.marker)) fence = null;
      continue;
    }
    const pieces = fence !== null ? [raw.replace(/\s#\s.*$/, '')] : [...raw.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? '');
    const shell = fence !== null && shellLanguages.has(fence.language);
    for (const piece of pieces) {
      for (const match of piece.matchAll(pattern)) found.push({ line: index + 1, command: (match[1] ?? '').trim(), shell });
    }
  }
  return found;
}

/** A word of a command that stands for something (`FILE`, `P/V.json`, `SEED`): not a real name. */
function placeholder(word: string): boolean {
  return /(^|[/.-])[A-Z][A-Z0-9_]*([/.-]|$)/.test(word) || word.includes('...');
}

/**
 * The commands of a page that would not run as written: a `faultline` command or option that does
 * not exist (`options`, from the CLI itself), an `npm run` script not in package.json, or, in a
 * shell line of a code block, an input file (an argument, or the value of an option that reads
 * one) missing from the repository. Files under `.faultline/` (a hunt writes them), outside the
 * repository (`../`), globs, shell variables and placeholders are not checked.
 */
export function brokenCommands(root: string, file: string, text: string, options: CommandOptions): string[] {
  const scripts = new Set(Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: object }).scripts ?? {}));
  const broken: string[] = [];
  for (const { line, command, shell } of documentedCommands(text)) {
    const words = command.split(/\s+/).filter((word) => word !== '');
    const where = `${file}:${line}: ${command}`;
    if (words[0] === 'npm') {
      const script = words[2];
      if (script !== undefined && !placeholder(script) && !scripts.has(script)) broken.push(`${where} (no script "${script}" in package.json)`);
      continue;
    }
    const rest = words.slice(words[0] === 'faultline' ? 1 : 2);
    const name = rest[0];
    if (name === undefined || name.startsWith('-') || placeholder(name)) continue;
    const known = options.get(name);
    if (!known) {
      broken.push(`${where} (no command "${name}")`);
      continue;
    }
    for (let at = 1; at < rest.length; at += 1) {
      const word = rest[at] ?? '';
      let input: string | undefined;
      if (word.startsWith('--')) {
        const option = word.split('=', 1)[0] ?? word;
        if (option === '--help') continue;
        const takesValue = known.get(option);
        if (takesValue === undefined) {
          broken.push(`${where} (${name} has no option ${option})`);
          continue;
        }
        if (!takesValue || word.includes('=')) continue;
        at += 1;
        if (!outputOptions.has(option)) input = rest[at];
      } else {
        input = word;
      }
      if (!shell || input === undefined || !/[/.]/.test(input) || /^(\.faultline\/|\.\.\/|\$)/.test(input) || /[*?{]/.test(input)) continue;
      if (placeholder(input) || !/\.[a-z]+$/i.test(input)) continue;
      if (!existsSync(join(root, input))) broken.push(`${where} (no file ${input} in the repository)`);
    }
  }
  return broken;
}

/**
 * What the commands reference (docs/cli.md) gets wrong about the options: an option of a command
 * that its section (`## \`faultline NAME ...\``) never names, or an option named there that no
 * command has (a cross-reference such as merge's "the same `--seed`" names another command's).
 */
export function cliReferenceProblems(text: string, options: CommandOptions): string[] {
  const problems: string[] = [];
  const sections = new Map<string, string>();
  let current: string | null = null;
  for (const line of text.split('\n')) {
    const heading = /^## `faultline ([a-z-]+)/.exec(line);
    if (heading) current = heading[1] ?? null;
    else if (/^## /.test(line)) current = null;
    if (current !== null) sections.set(current, `${sections.get(current) ?? ''}${line}\n`);
  }
  const everyOption = new Set([...options.values()].flatMap((known) => [...known.keys()]));
  for (const [name, known] of options) {
    const section = sections.get(name);
    if (section === undefined) {
      problems.push(`docs/cli.md: no section "## \`faultline ${name}\`"`);
      continue;
    }
    const named = new Set([...section.matchAll(/(?<![\w=-])--[a-z][a-z-]*/g)].map((match) => match[0]));
    for (const option of known.keys())
      if (option !== '--help' && !named.has(option)) problems.push(`docs/cli.md: faultline ${name}'s section does not name ${option}`);
    for (const option of named)
      if (!everyOption.has(option)) problems.push(`docs/cli.md: faultline ${name}'s section names ${option}, which no command has`);
  }
  return problems;
}

/** Broken relative links over README.md and docs/. */
export function brokenDocumentationLinks(root: string): string[] {
  return documentationFiles(root).flatMap((file) => brokenLinks(root, file, readFileSync(join(root, file), 'utf8')));
}

function main(arguments_: readonly string[]): number {
  const root = resolve(import.meta.dirname, '..');
  const check = arguments_.includes('--check');
  const option = (name: string): string | undefined => {
    const at = arguments_.indexOf(name);
    return at >= 0 ? arguments_[at + 1] : undefined;
  };
  const bench = option('--bench');
  if (bench !== undefined) {
    if (check) throw new Error('--check writes nothing, so it cannot record --bench FILE: run one, then the other');
    const command = option('--command');
    const machine = option('--machine');
    if (!command || !machine) throw new Error('--bench FILE needs --command "the npm run bench command line" and --machine "where it ran"');
    recordBenchmark(root, bench, command, machine);
    process.stdout.write(`recorded ${bench} in ${benchmarkFile}\n`);
  }
  const stale = stalePages(root);
  if (check) {
    for (const page of stale) {
      process.stderr.write(
        `${page.file}: ${page.missing ? 'missing (a registered protocol has no page)' : 'generated tables are stale'}; run npm run docs\n`,
      );
    }
  } else {
    for (const page of stale) {
      writeFileSync(join(root, page.file), page.expected);
      process.stdout.write(
        page.missing ? `wrote ${page.file}, a first page for a registered protocol: write the rest around its tables\n` : `wrote ${page.file}\n`,
      );
    }
  }
  const broken = brokenDocumentationLinks(root);
  for (const link of broken) process.stderr.write(`broken link: ${link}\n`);
  return broken.length > 0 || (check && stale.length > 0) ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

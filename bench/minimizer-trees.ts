/**
 * Two copies of src/ as of one commit, in temporary directories with node_modules linked, that
 * differ only in the minimizer: "before" has `src/hunt/minimize.ts` of another commit, "after" the
 * working tree's minimizer files. The shrinking benchmarks load both in one process and
 * interleave them, so only shrinking differs between the sides. Removed when the process exits.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function minimizerTrees(root: string, models: string, before: string): { readonly beforeRoot: string; readonly afterRoot: string } {
  const tree = (label: string): string => {
    const base = mkdtempSync(join(tmpdir(), `faultline-${label}-`));
    execFileSync('sh', ['-c', `git archive ${models} src package.json | tar -x -C ${base}`], { cwd: root });
    symlinkSync(join(root, 'node_modules'), join(base, 'node_modules'));
    return base;
  };
  const beforeRoot = tree('before');
  writeFileSync(
    join(beforeRoot, 'src/hunt/minimize.ts'),
    execFileSync('git', ['show', `${before}:src/hunt/minimize.ts`], { cwd: root, encoding: 'utf8' }),
  );
  const afterRoot = tree('after');
  for (const name of readdirSync(join(root, 'src/hunt')).filter((file) => file === 'minimize.ts' || file.startsWith('shrink'))) {
    cpSync(join(root, 'src/hunt', name), join(afterRoot, 'src/hunt', name));
  }
  process.on('exit', () => {
    rmSync(beforeRoot, { recursive: true, force: true });
    rmSync(afterRoot, { recursive: true, force: true });
  });
  return { beforeRoot, afterRoot };
}

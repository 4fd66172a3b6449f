// Stryker ignorer plugin for `npm run mutate` (stryker.config.mjs): the presentation code inside
// the model files (describe*, summarize*, parse*, format*, show: text for transcripts and scenario
// files) and the workload generator (build*Operation) are not step code, so their mutants are
// reported as Ignored and counted out of the score. JavaScript because Stryker loads plugins with
// Node's own loader (Node 20 does not run TypeScript).
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const presentationName = /^(describe|summarize|parse|format|show$|build\w*Operation$)/;

/** The name of a function declaration or of the variable a function expression is bound to. */
function functionName(path) {
  const node = path.node;
  if (node.id?.name) return node.id.name;
  const parent = path.parentPath?.node;
  if (parent?.type === 'VariableDeclarator' && parent.id?.type === 'Identifier') return parent.id.name;
  return undefined;
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'presentation', {
    shouldIgnore(path) {
      if (!path.isFunction?.()) return undefined;
      const name = functionName(path);
      return name !== undefined && presentationName.test(name) ? `presentation or workload code (${name}), not step code` : undefined;
    },
  }),
];

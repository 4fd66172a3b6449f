// Stryker ignorer plugin for `npm run mutate` (stryker.config.mjs): code in the model files that
// is not step code, whose mutants are reported as Ignored (with the reason) and counted out of the
// score. JavaScript because Stryker loads plugins with Node's own loader (Node 20 runs no TypeScript).
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/** Presentation (text for transcripts and scenario files) and the workload generator. */
const presentationName = /^(describe|summarize|parse|format|show$|build\w*Operation$)/;
/**
 * Comparisons only the properties call (raft/properties.ts, kafka/properties.ts): a weaker one
 * can only hide a break, and a hunt of the correct model has none to hide.
 */
const propertyHelperName = /^(sameEntry|sameRecord)$/;

/** The name of a function declaration, or of the variable a function expression is bound to. */
function functionName(path) {
  const node = path.node;
  if (node.id?.name) return node.id.name;
  const parent = path.parentPath?.node;
  if (parent?.type === 'VariableDeclarator' && parent.id?.type === 'Identifier') return parent.id.name;
  return undefined;
}

function keyName(property) {
  return property.key?.type === 'Identifier' ? property.key.name : property.key?.type === 'StringLiteral' ? property.key.value : undefined;
}

/**
 * The code as written under Stryker's mutant switches: a node whose mutants are already placed
 * reads `active('1') ? mutant1 : (covered('1'), original)` by the time its siblings are visited.
 */
function unmutated(node) {
  if (node?.type === 'ConditionalExpression' && node.test?.type === 'CallExpression') return unmutated(node.alternate);
  if (node?.type === 'SequenceExpression' && node.expressions[0]?.type === 'CallExpression') return unmutated(node.expressions.at(-1));
  return node;
}

/** `{ outcome: 'fail' | 'unknown', error: ... }`: a failure reply, whose `error` is text for people. */
function isFailureReply(objectNode) {
  return (
    objectNode?.type === 'ObjectExpression' &&
    objectNode.properties.some((property) => {
      const outcome = property.type === 'ObjectProperty' && keyName(property) === 'outcome' ? unmutated(property.value) : undefined;
      return outcome?.type === 'StringLiteral' && outcome.value !== 'ok';
    })
  );
}

const assertionCallee = new Set(['assert', 'assertNever', 'Error']);

/** `default: return assertNever(...)`. */
function isAssertNeverReturn(consequent) {
  const [statement] = consequent;
  return (
    consequent.length === 1 &&
    statement.type === 'ReturnStatement' &&
    statement.argument?.type === 'CallExpression' &&
    statement.argument.callee.type === 'Identifier' &&
    statement.argument.callee.name === 'assertNever'
  );
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'not-step-code', {
    shouldIgnore(path) {
      if (path.isFunction?.()) {
        const name = functionName(path);
        if (name !== undefined && presentationName.test(name)) return `presentation or workload code (${name}), not step code`;
        if (name !== undefined && propertyHelperName.test(name)) return `a comparison only properties use (${name}), not step code`;
        return undefined;
      }
      if (path.isSwitchCase?.() && path.node.test === null && isAssertNeverReturn(path.node.consequent)) {
        return 'the default of an exhaustive switch (assertNever): unreachable, as the type checker proves';
      }
      if (path.isObjectProperty?.() && keyName(path.node) === 'error' && isFailureReply(path.parentPath?.node)) {
        return 'the text of a failure reply: clients and properties read only its outcome';
      }
      const parent = path.parentPath?.node;
      if (
        (path.node.type === 'StringLiteral' || path.node.type === 'TemplateLiteral') &&
        (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') &&
        parent.callee.type === 'Identifier' &&
        assertionCallee.has(parent.callee.name) &&
        parent.arguments.indexOf(path.node) >= (parent.callee.name === 'Error' ? 0 : 1)
      ) {
        return 'the message of an assertion or error: text for people';
      }
      return undefined;
    },
  }),
];

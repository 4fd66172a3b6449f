import type { Command } from 'commander';
import { describeSettings } from '../protocols/shared.ts';
import { protocols } from '../protocols/registry.ts';
import { type AnyProtocol, exceptionProperty } from '../core/types.ts';
import { print, printJson, protocolOrThrow, uncheckedDegradedProperties, uncheckedDegradedText, UsageError } from './shared.ts';

/** What `no-exception`, every protocol's property, says (it is not in a protocol's definition). */
const exceptionPropertyDescription =
  "no step of the model, its properties or its ghost observer throws: an exception is a finding (every protocol's; --property no-exception alone checks only this)";

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('list protocols with their variants, properties and settings (--set keys: type, default, meaning)')
    .option('--protocol <name>', 'list only this protocol (a registered one, or with --protocol-module the one the module exports)')
    .option('--protocol-module <file>', 'take --protocol from this ES module (your own model)')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean; protocol?: string; protocolModule?: string }) => {
      if (options.protocolModule !== undefined && options.protocol === undefined) {
        throw new UsageError('--protocol-module needs --protocol NAME: the protocol the module exports that list shows');
      }
      const listed: readonly AnyProtocol[] =
        options.protocol === undefined ? protocols : [await protocolOrThrow(options.protocol, options.protocolModule)];
      if (options.json) {
        printJson({
          protocols: listed.map((protocol) => ({
            name: protocol.name,
            description: protocol.description,
            variants: protocol.variants.map((variant) => variant.name),
            // What the text shows as "breaks P": each bug variant's property, by variant name.
            breaks: Object.fromEntries(
              protocol.variants.flatMap((variant) => (variant.expectedViolation === undefined ? [] : [[variant.name, variant.expectedViolation]])),
            ),
            // Every name --property takes: the protocol's own, then every protocol's no-exception.
            properties: [...protocol.properties.map((property) => property.name), exceptionProperty],
            settings: describeSettings(protocol),
          })),
        });
        return;
      }
      for (const protocol of listed) {
        print(`${protocol.name}: ${protocol.description}`);
        for (const variant of protocol.variants) {
          print(`  variant ${variant.name}${variant.expectedViolation ? ` (breaks ${variant.expectedViolation})` : ''}: ${variant.description}`);
        }
        for (const property of protocol.properties) {
          print(`  property ${property.name} [${property.when}, ${property.category}]: ${property.description}`);
        }
        const unchecked = uncheckedDegradedProperties(protocol, protocol.defaultConfig());
        if (unchecked.length > 0) print(`  ${uncheckedDegradedText(unchecked).replace('these settings', 'the default settings')}`);
        print(`  property ${exceptionProperty} [every-step, safety]: ${exceptionPropertyDescription}`);
        for (const setting of describeSettings(protocol)) {
          const choices = setting.choices ? `, one of ${setting.choices.join(', ')}` : '';
          const correct = 'correctValue' in setting ? `; the correct variant runs with ${String(setting.correctValue)}` : '';
          print(`  setting ${setting.name}=${String(setting.defaultValue)} (${setting.type}${choices}${correct}): ${setting.meaning}`);
        }
        print();
      }
    });
}

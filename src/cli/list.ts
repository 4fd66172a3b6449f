import type { Command } from 'commander';
import { protocols } from '../protocols/registry.ts';
import { print, printJson } from './shared.ts';

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('list protocols, their variants and their properties')
    .option('--json', 'print one JSON object')
    .action((options: { json?: boolean }) => {
      const listing = protocols.map((protocol) => ({
        name: protocol.name,
        description: protocol.description,
        variants: protocol.variants.map((variant) => variant.name),
        properties: protocol.properties.map((property) => property.name),
      }));
      if (options.json) {
        printJson({ protocols: listing.map(({ name, variants, properties }) => ({ name, variants, properties })) });
        return;
      }
      for (const protocol of protocols) {
        print(`${protocol.name}: ${protocol.description}`);
        for (const variant of protocol.variants) {
          print(`  variant ${variant.name}${variant.expectedViolation ? ` (breaks ${variant.expectedViolation})` : ''}: ${variant.description}`);
        }
        for (const property of protocol.properties) {
          print(`  property ${property.name} [${property.when}]: ${property.description}`);
        }
        print();
      }
    });
}

/** The `alphaflow` command: a thin shell over the modules; each command group lives in commands/. */
import { Command } from 'commander';
import { registerDataCommands } from './commands/data.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerFeatureCommands } from './commands/features.js';
import { registerModelCommands } from './commands/model.js';

const program = new Command();
program
  .name('alphaflow')
  .description('Market data → features → LightGBM signals → backtest and trading.')
  .showHelpAfterError();

// Command groups register themselves here (commands/<group>.ts exports register(program)).
const groups: Array<(p: Command) => void> = [
  registerDemoCommand,
  registerDataCommands,
  registerFeatureCommands,
  registerModelCommands,
];
for (const register of groups) register(program);

await program.parseAsync(process.argv);

/** Options every command shares: --json output and the config file. */
import type { Command } from 'commander';
import { type AlphaflowConfig, loadConfig } from '../../core/config.js';
import { fail, type OutputOptions } from '../output.js';

export interface CommonOptions extends OutputOptions {
  config?: string;
  lake?: string;
}

/** Adds --json, --config and --lake to a command. */
export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print the result as JSON on stdout (logs go to stderr)')
    .option('--config <file>', 'JSON config file (see docs/configuration.md)')
    .option('--lake <dir>', 'Parquet lake folder (overrides config)');
}

/** The validated config with command-line overrides applied. */
export function configFrom(opts: CommonOptions): AlphaflowConfig {
  const c = loadConfig(opts.config);
  if (opts.lake !== undefined) c.lake.root = opts.lake;
  return c;
}

/** Wraps an async action so typed errors become a clean message and exit code. */
export function action<O extends CommonOptions, A extends unknown[]>(
  fn: (...args: [...A, O]) => Promise<void>,
): (...args: [...A, O, Command]) => Promise<void> {
  return async (...args) => {
    const opts = args[args.length - 2] as O;
    try {
      await fn(...(args.slice(0, -1) as [...A, O]));
    } catch (err) {
      fail(opts, err);
    }
  };
}

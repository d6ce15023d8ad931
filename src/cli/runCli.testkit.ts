/** Runs CLI commands in-process for tests: stdout captured, stderr muted, exit code reported. */
import { Command } from 'commander';
import { vi } from 'vitest';

export interface CliRun {
  stdout: string;
  /** process.exitCode after the command (undefined = success). */
  exitCode: number | undefined;
}

/** Parses `args` with the given command groups registered; restores stdout/stderr and the exit code after. */
export async function runCli(groups: ReadonlyArray<(p: Command) => void>, args: string[]): Promise<CliRun> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const program = new Command().exitOverride();
  for (const register of groups) register(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'alphaflow', ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  process.exitCode = undefined;
  return { stdout, exitCode };
}

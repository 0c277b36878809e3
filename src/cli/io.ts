/**
 * What a command may touch of the outside world: its output streams and the exit
 * code it wants. main() passes one in through yargs' context so tests can capture
 * output and read the code without touching process state.
 */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  exitCode: number;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 };
}

/** The argv every command handler receives: its own options plus the injected io. */
export type WithIo<T> = T & { io: CliIo };

/**
 * What a command may touch of the outside world: its output streams and the exit
 * code it wants. main() passes one in through yargs' context so tests can capture
 * output and read the code without touching process state.
 */
import { redact } from '../redact.ts';

export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean | undefined };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean | undefined };
  readonly env: Readonly<Record<string, string | undefined>>;
  exitCode: number;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 };
}

/** `io` with every write through redact (src/redact.ts): no secret the process knows reaches its streams. */
export function redactingIo(io: CliIo): CliIo {
  const wrap = (stream: CliIo['stdout']): CliIo['stdout'] => ({
    write: (text: string) => stream.write(redact(text)),
    get isTTY() {
      return stream.isTTY;
    },
  });
  return {
    stdout: wrap(io.stdout),
    stderr: wrap(io.stderr),
    env: io.env,
    get exitCode() {
      return io.exitCode;
    },
    set exitCode(code: number) {
      io.exitCode = code;
    },
  };
}

/** The argv every command handler receives: its own options plus the injected io. */
export type WithIo<T> = T & { io: CliIo };

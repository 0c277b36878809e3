/** A CliIo that records what a command printed, for tests of src/cli. */
import type { CliIo } from '../../src/cli/io.ts';

export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

export function captureIo(env: Record<string, string | undefined> = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env,
    exitCode: 0,
    out: () => out,
    err: () => err,
  };
}

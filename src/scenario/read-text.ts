/**
 * Reading a scenario (or any config) file as UTF-8 text, refusing what is not
 * text with one sentence instead of handing mojibake to the YAML parser: a
 * missing file, a directory, a file saved as UTF-16 (a byte-order mark, or
 * NULs between ASCII letters), binary data (NUL bytes, invalid UTF-8). A
 * UTF-8 byte-order mark is dropped.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, describeError } from '../errors.ts';

/** Reads `path` as UTF-8 text; `what` names the file in messages ("the scenario"). Throws ConfigError. */
export async function readConfigText(path: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err: unknown) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : describeError(err);
    throw new ConfigError(`${path}: cannot read ${what}: ${why}`, { cause: err });
  }
  return decodeConfigText(bytes, path, what);
}

/** The text of a file's bytes, or a ConfigError saying why they are not UTF-8 text. */
export function decodeConfigText(bytes: Uint8Array, path: string, what: string): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || looksUtf16(bytes);
  if (utf16) throw new ConfigError(`${path}: cannot read ${what}: it is UTF-16 text; save it as UTF-8`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new ConfigError(`${path}: cannot read ${what}: it is not a text file (a NUL byte at offset ${nul})`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError(`${path}: cannot read ${what}: it is not UTF-8 text (binary data or another encoding)`);
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** UTF-16 without a byte-order mark: every other byte of the first few is NUL. */
function looksUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64);
  if (n < 4) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  const half = Math.floor(n / 2);
  return (evenNul >= half * 0.9 && oddNul === 0) || (oddNul >= half * 0.9 && evenNul === 0);
}

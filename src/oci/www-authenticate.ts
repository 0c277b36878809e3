/**
 * WWW-Authenticate parsing (RFC 9110 §11.6.1): one header may hold several
 * challenges, each a scheme followed by either a token68 or a comma-separated
 * list of `name=value` params whose values are tokens or quoted strings (with
 * backslash escapes, and commas allowed inside the quotes). Scheme and param
 * names are case-insensitive and are returned lowercased; values are kept as sent.
 */

export interface Challenge {
  /** Lowercased: 'bearer', 'basic', … */
  readonly scheme: string;
  /** Lowercased param names → values (unquoted, unescaped). */
  readonly params: Readonly<Record<string, string>>;
  readonly token68?: string;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
/** Unquoted values: RFC tokens, leniently extended to anything up to a comma or space (`realm=https://x/token`). */
const BARE_VALUE = /[^\s,"]+/y;
const PARAM_START = /([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*=[ \t]*(?=[^\s,=])/y;
const TOKEN68 = /[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(,|$))/y;
const WS_COMMA = /[ \t,]*/y;
const WS = /[ \t]*/y;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  match(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (m) this.pos = re.lastIndex;
    return m;
  }
  skip(re: RegExp): void {
    this.match(re);
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? '';
  }
}

function readQuoted(c: Cursor): string {
  let out = '';
  c.pos++; // opening quote
  while (!c.done) {
    const ch = c.peek();
    c.pos++;
    if (ch === '"') return out;
    if (ch === '\\' && !c.done) {
      out += c.peek();
      c.pos++;
    } else {
      out += ch;
    }
  }
  return out; // unterminated: lenient, take what there is
}

function readParams(c: Cursor, params: Record<string, string>): void {
  for (;;) {
    const start = c.pos;
    c.skip(WS_COMMA);
    const m = c.match(PARAM_START);
    if (!m) {
      c.pos = start;
      return;
    }
    const name = (m[1] ?? '').toLowerCase();
    const value = c.peek() === '"' ? readQuoted(c) : (c.match(BARE_VALUE)?.[0] ?? '');
    if (!(name in params)) params[name] = value;
    c.skip(WS);
  }
}

/** Parses a WWW-Authenticate value (or several header lines joined with ", "). Garbage is skipped, never thrown. */
export function parseWwwAuthenticate(header: string | undefined): Challenge[] {
  const challenges: Challenge[] = [];
  if (!header) return challenges;
  const c = new Cursor(header);
  while (!c.done) {
    c.skip(WS_COMMA);
    if (c.done) break;
    const scheme = c.match(TOKEN)?.[0];
    if (!scheme) {
      c.pos++; // not a token character: skip it
      continue;
    }
    const params: Record<string, string> = {};
    c.skip(WS);
    const before = c.pos;
    readParams(c, params);
    let token68: string | undefined;
    if (c.pos === before) token68 = c.match(TOKEN68)?.[0];
    challenges.push(token68 === undefined ? { scheme: scheme.toLowerCase(), params } : { scheme: scheme.toLowerCase(), params, token68 });
  }
  return challenges;
}

/** The first challenge with the given scheme (lowercase), if any. */
export function findChallenge(challenges: readonly Challenge[], scheme: string): Challenge | undefined {
  return challenges.find((ch) => ch.scheme === scheme);
}

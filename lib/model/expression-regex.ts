import { RE2JS } from "re2js";

/**
 * JSONata's regular expressions run on RE2 (re2js, a pure-JS port): matching is linear in the input,
 * so a pattern like `/(a+)+$/` cannot backtrack for minutes inside one synchronous call. The price:
 * RE2 syntax has no backreferences or lookaround (compileCached reports those at design time).
 *
 * JSONata constructs `new RegexEngine(literal)` from the parsed literal (a native RegExp that is only
 * compiled, never matched) and calls `exec` with `lastIndex` like a global RegExp.
 */
const compiled = new Map<string, RE2JS>();
const MAX_CACHED = 200;

function flagsOf(re: RegExp): number {
  return (re.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (re.multiline ? RE2JS.MULTILINE : 0);
}

/** Compile (cached) a JSONata regex literal for RE2; throws with RE2's message when unsupported. */
export function compileRe2(re: RegExp): RE2JS {
  const key = `${re.flags}/${re.source}`;
  let p = compiled.get(key);
  if (!p) {
    p = RE2JS.compile(RE2JS.translateRegExp(re.source), flagsOf(re));
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, p);
  }
  return p;
}

type ExecResult = (string | undefined)[] & { index: number; input: string };

export class Re2RegexEngine {
  lastIndex = 0;
  private readonly pattern: RE2JS;

  constructor(re: RegExp) {
    this.pattern = compileRe2(re);
  }

  exec(str: string): ExecResult | null {
    if (this.lastIndex > str.length) {
      this.lastIndex = 0;
      return null;
    }
    const m = this.pattern.matcher(str);
    if (!m.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [m.group(0) ?? ""];
    for (let i = 1; i <= m.groupCount(); i++) groups.push(m.group(i) ?? undefined);
    const result = groups as ExecResult;
    result.index = m.start();
    result.input = str;
    this.lastIndex = m.end();
    return result;
  }
}

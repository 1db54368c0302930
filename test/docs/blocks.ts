import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One ```ts or ```tsx block of a markdown page. */
export interface CodeBlock {
  /** The page, relative to the repository root: `README.md`, `docs/machine.md`. */
  page: string;
  /** The 1-based line of the block's first code line in the page. */
  line: number;
  /** The file the block is written to: the path its first-line comment names, else `block-<line>.ts(x)`. */
  file: string;
  /** The first line says `// fragment`: a deliberately partial block, checked as a fragment. */
  fragment: boolean;
  code: string;
}

const opening = /^```(ts|tsx)\s*$/;
const named = /^\/\/ ((?:[\w@-]+\/)*[\w@.-]+\.tsx?)(?:[:\s]|$)/;

/** Every page whose code blocks are checked: README.md and every docs/*.md found now. */
export function pagesOf(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

export function blocksOf(root: string, page: string): CodeBlock[] {
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const language = opening.exec(lines[index]!)?.[1];
    if (!language) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end += 1;
    const body = lines.slice(start, end);
    const first = body[0] ?? '';
    blocks.push({
      page,
      line: start + 1,
      file: named.exec(first)?.[1] ?? `block-${start + 1}.${language}`,
      fragment: /^\/\/ fragment\b/.test(first),
      code: `${body.join('\n')}\n`,
    });
    index = end;
  }
  return blocks;
}

/** A directory name for a page: `README.md` → `readme`, `docs/ui.md` → `docs-ui`. */
export const slugOf = (page: string) => page.replace(/\.md$/, '').replaceAll('/', '-').toLowerCase();

/** One compiler error: `file(line,col): error TSnnnn: message`. */
export interface Diagnostic {
  file: string;
  line: number;
  code: number;
  message: string;
}

export function parseDiagnostics(output: string): Diagnostic[] {
  const pattern = /^(.+?)\((\d+),\d+\): error TS(\d+): (.*)$/gm;
  return [...output.matchAll(pattern)].map((match) => ({
    file: match[1]!,
    line: Number(match[2]),
    code: Number(match[3]),
    message: match[4]!,
  }));
}

/**
 * What a fragment may leave unresolved: names it uses but does not declare (TS2304, TS2552, TS2582, and
 * TS2868 for a runtime's global such as `Bun`) and
 * parameters that are untyped because their callee is such a name (TS7006, TS7031). Everything it
 * imports must still resolve, and everything it declares must type-check.
 */
export const fragmentLeniency = new Set([2304, 2552, 2582, 2868, 7006, 7031]);

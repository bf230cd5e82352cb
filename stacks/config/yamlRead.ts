/**
 * Reads a stack file the way the Pulumi CLI does (go-yaml v3): anchors, aliases and `<<:` merge keys
 * work, an anchor may be used any number of times, and a document whose aliases expand beyond a
 * bound (a "billion laughs" file) is refused with a located problem instead of exhausting memory.
 */
import {
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
} from "yaml";
import { QUOTAS } from "../../model/rules/quotas";

/** A problem of the file itself, located. */
export interface YamlProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A parsed stack file: the document (for locating keys), its value, and any problems. */
export interface YamlRead {
  readonly doc: Document;
  readonly lines: LineCounter;
  /** The plain value; `undefined` when there are problems. */
  readonly value?: unknown;
  readonly problems: YamlProblem[];
}

/**
 * How many nodes the document holds once every alias is expanded, stopping early past `limit`.
 * Shared anchors are counted once per use, as a reader that copies them would; memoised per node, so
 * the walk itself stays linear in the size of the file.
 */
export function expandedSize(doc: Document, limit: number): number {
  const memo = new Map<unknown, number>();
  const visiting = new Set<unknown>();
  const size = (node: unknown): number => {
    if (node === null || node === undefined) {
      return 1;
    }
    const cached = memo.get(node);
    if (cached !== undefined) {
      return cached;
    }
    if (visiting.has(node)) {
      // An alias inside its own anchor: yaml reports it; count it as one node here.
      return 1;
    }
    visiting.add(node);
    let total = 1;
    if (isAlias(node)) {
      total = size(node.resolve(doc));
    } else if (isPair(node)) {
      total = size(node.key) + size(node.value);
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        total += size(item);
        if (total > limit) {
          break;
        }
      }
    } else if (!isScalar(node)) {
      total = 1;
    }
    visiting.delete(node);
    const capped = Math.min(total, limit + 1);
    memo.set(node, capped);
    return capped;
  };
  return size(doc.contents);
}

/** Parses a stack file's text like the Pulumi CLI, with merge keys and a bound on alias expansion. */
export function readYamlLikePulumi(text: string): YamlRead {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  });
  const located = (offset: number, message: string): YamlProblem => {
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col, message };
  };
  const problems = doc.errors.map((e) => located(e.pos[0], e.message.split("\n")[0]));
  if (problems.length > 0) {
    return { doc, lines, problems };
  }
  const limit = QUOTAS.yamlExpandedNodes.max;
  const expanded = expandedSize(doc, limit);
  if (expanded > limit) {
    const firstAlias = text.search(/(^|[\s[{,:-])\*[^\s,\]}]+/m);
    return {
      doc,
      lines,
      problems: [
        located(
          Math.max(firstAlias, 0),
          `aliases expand this file to more than ${limit} YAML nodes (${QUOTAS.yamlExpandedNodes.what}); a stack file that large is refused, as an alias bomb would be`,
        ),
      ],
    };
  }
  try {
    // Expansion is bounded above, so the yaml package's own alias-count guard (which refuses an
    // anchor used more than 100 times, unlike Pulumi) is switched off.
    return { doc, lines, value: doc.toJS({ maxAliasCount: -1 }), problems: [] };
  } catch (e) {
    return { doc, lines, problems: [located(0, (e as Error).message.split("\n")[0])] };
  }
}

/** Finds the file, line and column of a key path in a stack file, for config problems. */
import { isMap, isScalar, type Document, type LineCounter, type Node } from "yaml";
import { formatPath, type KeyPath, type Problem } from "../../model/validation";
import type { ConfigProblem } from "./problems";
import { CONFIG_NAMESPACE } from "./schema/common";

/** Finds where a key path lies in a stack file. */
export class ConfigLocator {
  constructor(
    readonly file: string | undefined,
    private readonly doc?: Document,
    private readonly lines?: LineCounter,
  ) {}

  /**
   * Locates a problem. `path` has no namespace (`["clusters", 0, "name"]`); `unknownKey` points at a
   * key's own line rather than its parent's. A path that does not exist points at its nearest parent.
   */
  locate(problem: Problem, unknownKey?: string): ConfigProblem {
    const key = fullKey(problem.path, unknownKey);
    const base = { file: this.file, key, message: problem.message };
    if (this.doc === undefined || this.lines === undefined) {
      return base;
    }
    if (problem.path.length === 0) {
      // A top-level key: written with or without the namespace.
      const config = this.doc.getIn(["config"], true) as Node | undefined;
      const keyNode =
        unknownKey !== undefined && config && isMap(config)
          ? (config.items.find(
              (item) =>
                isScalar(item.key) &&
                (item.key.value === unknownKey ||
                  item.key.value === `${CONFIG_NAMESPACE}:${unknownKey}`),
            )?.key as Node | undefined)
          : undefined;
      const offset = keyNode?.range?.[0] ?? config?.range?.[0];
      if (offset === undefined) {
        return base;
      }
      const pos = this.lines.linePos(offset);
      return { ...base, line: pos.line, column: pos.col };
    }
    const yamlPath = this.yamlPath(problem.path);
    for (let depth = yamlPath.length; depth >= 1; depth--) {
      const node = this.doc.getIn(yamlPath.slice(0, depth), true) as Node | undefined;
      if (node === undefined || node === null || node.range === undefined || node.range === null) {
        continue;
      }
      let offset = node.range[0];
      if (depth === yamlPath.length && unknownKey !== undefined && isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === unknownKey);
        const keyNode = pair?.key as Node | undefined;
        if (keyNode?.range) {
          offset = keyNode.range[0];
        }
      } else if (depth < yamlPath.length || !isScalar(node)) {
        // Point at the key of a block value, not the first line inside it.
        const parent = this.doc.getIn(yamlPath.slice(0, depth - 1), true) as Node | undefined;
        const last = yamlPath[depth - 1];
        if (parent && isMap(parent)) {
          const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
          const keyNode = pair?.key as Node | undefined;
          if (keyNode?.range) {
            offset = keyNode.range[0];
          }
        }
      }
      const pos = this.lines.linePos(offset);
      return { ...base, line: pos.line, column: pos.col };
    }
    return base;
  }

  private yamlPath(path: KeyPath): Array<string | number> {
    const [first, ...rest] = path;
    const qualified = `${CONFIG_NAMESPACE}:${String(first)}`;
    const top =
      this.doc?.getIn(["config", qualified], true) !== undefined ? qualified : String(first);
    return ["config", top, ...rest];
  }
}

function fullKey(path: KeyPath, unknownKey?: string): string {
  const full = unknownKey === undefined ? path : [...path, unknownKey];
  if (full.length === 0) {
    return `${CONFIG_NAMESPACE}:`;
  }
  return `${CONFIG_NAMESPACE}:${formatPath(full)}`;
}

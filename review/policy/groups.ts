/**
 * Findings with one root cause, grouped once. A tag dropped in one component makes the same finding on
 * every resource the component creates; a reviewer needs one line that says so, the resources it hits,
 * and where to fix it: the stack config line when one applies, else the component's code.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigLocation, PolicyViolation } from "./report";

/** One root cause and the findings it makes. */
export interface FindingGroup {
  readonly policy: string;
  readonly severity: PolicyViolation["severity"];
  readonly enforcement: PolicyViolation["enforcement"];
  readonly status: PolicyViolation["status"];
  /** The message of the first finding, and how many more share its cause. */
  readonly message: string;
  readonly remediation: string;
  readonly count: number;
  /** Resource names, in order. */
  readonly resources: readonly string[];
  /** Where the cause is: a config line, or the code of the component that makes the resources. */
  readonly cause:
    | { readonly kind: "config"; readonly location: ConfigLocation }
    | {
        readonly kind: "code";
        readonly component: string;
        readonly file?: string;
        readonly location: ConfigLocation;
      };
  /** The findings themselves. */
  readonly findings: readonly PolicyViolation[];
}

/** `hybrid-ai:compute:GpuNodePool` → `components/compute/gpuNodePool.ts`, when that file exists. */
export function componentFile(typeToken: string, root: string): string | undefined {
  const m = /^[^:]+:([^:]+):(\w+)$/.exec(typeToken);
  if (!m) {
    return undefined;
  }
  const base = `${m[2][0].toLowerCase()}${m[2].slice(1)}.ts`;
  for (const rel of [path.join("components", m[1], base), path.join("components", base)]) {
    if (fs.existsSync(path.join(root, rel))) {
      return rel.split(path.sep).join("/");
    }
  }
  return undefined;
}

/** The nearest component (a `hybrid-ai:` type in the URN's type chain) that made a resource. */
export function componentOf(urn: string | undefined): string | undefined {
  if (urn === undefined) {
    return undefined;
  }
  const parts = urn.split("::");
  if (parts.length < 4) {
    return undefined;
  }
  const chain = parts[2].split("$");
  for (let i = chain.length - 2; i >= 0; i--) {
    if (!chain[i].startsWith("pulumi:")) {
      return chain[i];
    }
  }
  return undefined;
}

/** The message with the resource's own name taken out, so findings of one cause compare equal. */
function template(v: PolicyViolation): string {
  let m = v.message;
  for (const name of [v.resourceName, v.urn].filter((x): x is string => !!x)) {
    m = m.split(name).join("<resource>");
  }
  return m.replace(/\d+/g, "<n>");
}

/**
 * Groups findings by cause: same policy, status and enforcement, same config location (or, where no
 * config line applies, the same component), same message apart from the resource's name.
 */
export function groupFindings(
  violations: readonly PolicyViolation[],
  root: string = process.cwd(),
): FindingGroup[] {
  const groups = new Map<string, PolicyViolation[]>();
  const configLine = (v: PolicyViolation) => v.location.line !== undefined;
  for (const v of violations) {
    const where = configLine(v)
      ? `${v.location.file}:${v.location.line}:${v.location.key}`
      : `component ${componentOf(v.urn) ?? v.resourceType ?? "stack"}`;
    const key = [v.policy, v.status, v.enforcement, where, template(v)].join("\u0000");
    const list = groups.get(key) ?? [];
    list.push(v);
    groups.set(key, list);
  }
  return [...groups.values()].map((list) => {
    const first = list[0];
    const component = componentOf(first.urn);
    const cause: FindingGroup["cause"] =
      configLine(first) || component === undefined
        ? { kind: "config", location: first.location }
        : {
            kind: "code",
            component,
            ...(componentFile(component, root) ? { file: componentFile(component, root) } : {}),
            location: first.location,
          };
    return {
      policy: first.policy,
      severity: first.severity,
      enforcement: first.enforcement,
      status: first.status,
      message: first.message,
      remediation: first.remediation,
      count: list.length,
      resources: [...new Set(list.map((v) => v.resourceName ?? v.location.key))],
      cause,
      findings: list,
    };
  });
}

/**
 * Turns schema issues into config problems a user can act on: what was found, what is allowed, and for
 * an unknown key the closest allowed one, derived from the schema that was parsed.
 */
import { closest } from "fastest-levenshtein";
import { z } from "zod";
import { show, type KeyPath } from "../../model/validation";
import type { ConfigLocator } from "./locate";
import { isObject } from "./parse";
import type { ConfigProblem } from "./problems";

/** Parses `raw` with `schema`, reporting its issues at `prefix`; undefined when it does not parse. */
export type ParseAt = <T>(schema: z.ZodType<T>, raw: unknown, prefix: KeyPath) => T | undefined;

/**
 * Parses with a strict schema; when the only issues are unknown keys or bad enum values of optional
 * keys, parses again without them so the other checks still run and every problem is reported at once.
 */
export function parseTolerant<T>(
  schema: z.ZodType<T>,
  raw: unknown,
): { data?: T; issues: readonly z.core.$ZodIssue[] } {
  const first = schema.safeParse(raw);
  if (first.success) {
    return { data: first.data, issues: [] };
  }
  const issues = first.error.issues;
  const removable = issues.every(
    (i) => i.code === "unrecognized_keys" || i.code === "invalid_value",
  );
  if (!removable || !isObject(raw)) {
    return { issues };
  }
  const copy = structuredClone(raw) as Record<string, unknown>;
  for (const issue of issues) {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const target = issue.code === "unrecognized_keys" ? issue.path : issue.path.slice(0, -1);
    const holder = getAt(copy, target);
    if (!isObject(holder)) {
      continue;
    }
    for (const k of keys) {
      delete holder[k];
    }
    if (issue.code === "invalid_value") {
      delete holder[String(issue.path[issue.path.length - 1])];
    }
  }
  const second = schema.safeParse(copy);
  return { data: second.success ? second.data : undefined, issues };
}

function getAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let cur = value;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") {
      return undefined;
    }
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

export function issueToProblems(
  prefix: KeyPath,
  issue: z.core.$ZodIssue,
  raw: unknown,
  locator: ConfigLocator,
  schema: z.ZodType,
): ConfigProblem[] {
  const path: KeyPath = [
    ...prefix,
    ...issue.path.map((p) => (typeof p === "number" ? p : String(p))),
  ];
  const found = getAt(raw, issue.path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(schema, issue.path);
      return issue.keys.map((k) => {
        const hint =
          allowed.length > 0
            ? `; did you mean ${show(closest(k, allowed))}? Allowed: ${allowed.join(", ")}`
            : "";
        return locator.locate({ path, message: `is not a known key${hint}` }, k);
      });
    }
    case "invalid_type": {
      const message =
        found === undefined
          ? `is required (${describeExpected(issue.expected)})`
          : `must be ${describeExpected(issue.expected)} (got ${show(found)})`;
      return [locator.locate({ path, message })];
    }
    case "invalid_value":
      return [
        locator.locate({
          path,
          message: `must be one of ${issue.values.map(String).join(", ")} (got ${show(found)})`,
        }),
      ];
    case "too_small":
      return [
        locator.locate({
          path,
          message: sizeMessage("at least", issue.origin, issue.minimum, found, issue.inclusive),
        }),
      ];
    case "too_big":
      return [
        locator.locate({
          path,
          message: sizeMessage("at most", issue.origin, issue.maximum, found, issue.inclusive),
        }),
      ];
    case "invalid_format": {
      const what =
        issue.format === "regex"
          ? issue.message
          : `must be a valid ${issue.format === "cidrv4" ? "IPv4 CIDR like 10.0.0.0/8" : issue.format === "date" ? "date like 2027-03-31" : issue.format}`;
      return [locator.locate({ path, message: `${what} (got ${show(found)})` })];
    }
    default:
      return [
        locator.locate({
          path,
          message: `${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)} (got ${show(found)})`,
        }),
      ];
  }
}

function describeExpected(expected: string): string {
  switch (expected) {
    case "int":
      return "a whole number";
    case "number":
      return "a number";
    case "string":
      return "a string";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "a map of keys";
    default:
      return expected;
  }
}

function sizeMessage(
  bound: "at least" | "at most",
  origin: string,
  limit: number | bigint,
  found: unknown,
  inclusive = true,
): string {
  const strict = bound === "at least" ? "more than" : "fewer than";
  switch (origin) {
    case "array":
      return `must list ${inclusive ? bound : strict} ${limit} item${Number(limit) === 1 ? "" : "s"} (got ${Array.isArray(found) ? found.length : show(found)})`;
    case "string":
      return Number(limit) === 1 && bound === "at least" && inclusive
        ? "must not be empty"
        : `must have ${inclusive ? bound : strict} ${limit} characters (got ${show(found)})`;
    default:
      return `must be ${bound === "at least" ? ">" : "<"}${inclusive ? "=" : ""} ${limit} (got ${show(found)})`;
  }
}

/**
 * Keys allowed in the object that `schema` expects at `path` (numbers index lists), for "did you mean"
 * hints: read from the schema itself, so the hint never disagrees with what is accepted.
 */
export function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let cur: z.ZodType | undefined = schema;
  for (const part of path) {
    cur = objectLike(cur);
    if (cur === undefined) {
      return [];
    }
    if (cur instanceof z.ZodArray) {
      cur = typeof part === "number" ? (cur.element as z.ZodType) : undefined;
    } else if (cur instanceof z.ZodRecord) {
      cur = cur.valueType as z.ZodType;
    } else if (cur instanceof z.ZodObject) {
      cur = (cur.shape as Record<string, z.ZodType>)[String(part)];
    } else {
      return [];
    }
  }
  const found = objectLike(cur);
  return found instanceof z.ZodObject ? Object.keys(found.shape) : [];
}

/** The schema under optional, default, nullable and preprocess wrappers. */
function objectLike(schema: z.ZodType | undefined): z.ZodType | undefined {
  let cur = schema;
  for (let i = 0; i < 8 && cur !== undefined; i++) {
    if (
      cur instanceof z.ZodOptional ||
      cur instanceof z.ZodNullable ||
      cur instanceof z.ZodDefault
    ) {
      cur = cur.unwrap() as z.ZodType;
    } else if (cur instanceof z.ZodPipe) {
      cur = cur.out as z.ZodType;
    } else {
      return cur;
    }
  }
  return cur;
}

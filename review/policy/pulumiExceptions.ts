/**
 * Pulumi's own policy exceptions, read beside our waivers so a team that keeps one need not write the
 * other. Pulumi documents an exception as (pulumi.com/docs/discovery-governance/concepts/policy-as-code/
 * policy-exceptions, and the REST API schemas `PolicyException`, `CreatePolicyExceptionRequest`,
 * `PolicyExceptionMatch`; public preview in 2026):
 *
 * - `policyPack`: the pack it belongs to;
 * - `reason`: why (up to 2,048 characters);
 * - `match`: entries of `policies` (names in the pack) and `targets` (resource URNs); a violation is
 *   exempted when its policy and its URN appear in the same entry;
 * - `expiresAt` (a timestamp) or `expiresInSeconds` (from `createdAt`); none means it never expires;
 * - `status`: `active` or `removed`; `id` (e.g. `EXC-42`) and `createdBy`.
 *
 * Accepted files: one exception (as `pulumi policy exception new --file` reads), a list of them, or
 * `{ "exceptions": [...] }` as `pulumi policy exception list --output json` prints. Each (policy, URN)
 * pair becomes a waiver of that exact URN; exceptions of other packs and removed ones are skipped.
 */
import { UsageError } from "../errors";
import { readPulumiJson } from "../result/decode";
import type { WaiverConfig } from "../../stacks/config/schema/policy";

/** A waiver that came from a Pulumi policy exception. */
export interface ExceptionWaiver extends WaiverConfig {
  /** `pulumi-exception EXC-42 (file)` */
  readonly source: string;
  readonly file: string;
}

/** What a never-expiring exception expires on, as a waiver. */
export const NEVER = "9999-12-31";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "") : [];

/** The expiry day (`YYYY-MM-DD`, UTC) of an exception. */
function expiryOf(e: Obj, now: Date): string {
  if (typeof e.expiresAt === "string" && e.expiresAt !== "") {
    const t = new Date(e.expiresAt);
    if (!Number.isNaN(t.getTime())) {
      return t.toISOString().slice(0, 10);
    }
  }
  if (typeof e.expiresInSeconds === "number" && e.expiresInSeconds > 0) {
    const from =
      typeof e.createdAt === "string" && !Number.isNaN(new Date(e.createdAt).getTime())
        ? new Date(e.createdAt)
        : now;
    return new Date(from.getTime() + e.expiresInSeconds * 1000).toISOString().slice(0, 10);
  }
  return NEVER;
}

/**
 * Reads a file of Pulumi policy exceptions and returns the waivers they make for `pack`.
 * Throws a {@link UsageError} naming the file for a file of another shape.
 */
export function readPulumiExceptions(
  file: string,
  pack: string,
  now: Date = new Date(),
): ExceptionWaiver[] {
  const doc = readPulumiJson(file);
  const list: unknown[] = Array.isArray(doc)
    ? doc
    : isObj(doc) && Array.isArray(doc.exceptions)
      ? doc.exceptions
      : [doc];
  const out: ExceptionWaiver[] = [];
  list.forEach((raw, i) => {
    if (!isObj(raw) || !Array.isArray(raw.match) || typeof raw.reason !== "string") {
      throw new UsageError(
        `${file}: exception ${i + 1} is not a Pulumi policy exception (it needs \`reason\` and \`match\` entries of \`policies\` and \`targets\`)`,
      );
    }
    if (raw.status === "removed") {
      return;
    }
    const packName = typeof raw.policyPack === "string" ? raw.policyPack.split("/").pop() : pack;
    if (packName !== pack) {
      return;
    }
    const id = typeof raw.id === "string" ? `${raw.id} ` : "";
    const who = isObj(raw.createdBy)
      ? ((raw.createdBy.githubLogin ?? raw.createdBy.name) as string | undefined)
      : undefined;
    const expires = expiryOf(raw, now);
    for (const m of raw.match.filter(isObj)) {
      for (const policy of strings(m.policies)) {
        for (const target of strings(m.targets)) {
          out.push({
            policy,
            resource: target,
            reason: raw.reason,
            expires,
            ...(typeof who === "string" && who !== "" ? { approvedBy: who } : {}),
            source: `Pulumi policy exception ${id}(${file})`,
            file,
          });
        }
      }
    }
  });
  return out;
}

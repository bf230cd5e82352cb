/**
 * Where a cloud rule comes from. Every table in model/rules/ carries one per row or per table, so a
 * reviewer can check a limit and see how old it is.
 */

/** A public document and the date it was read (or the figure published), `YYYY-MM-DD`. */
export interface RuleSource {
  /** A public address, or a document and section name. */
  readonly url: string;
  readonly date: string;
  /** What was read there, and how, when the address alone does not say it. */
  readonly note?: string;
}

/** The date the rule tables were put together. */
export const RULES_DATE = "2026-11-30";

/**
 * A rule whose figure was not re-read on {@link RULES_DATE}: it comes from the cloud's documented
 * limit as the audit of issue 10 found it, and the address is where to check it.
 */
export function documented(url: string, note?: string): RuleSource {
  return {
    url,
    date: RULES_DATE,
    note: `Documented limit found by the issue-10 audit; page not re-read for this table.${note ? ` ${note}` : ""}`,
  };
}

/** A rule read from a source on {@link RULES_DATE} (a repository at a commit, a page). */
export function read(url: string, note?: string): RuleSource {
  return { url, date: RULES_DATE, ...(note === undefined ? {} : { note }) };
}

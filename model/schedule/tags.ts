/**
 * Schedule facts on the resources a schedule switches, so any resource graph (a mock run, a preview,
 * a state export) tells which pools are scheduled and for how many hours a week, and policies can
 * require a schedule on non-prod GPU pools.
 */
import { gcpLabelValue } from "../tags";

/** AWS tag keys on a scheduled EKS node group. */
export const AWS_SCHEDULE_TAG_KEYS = {
  schedule: "hybrid-ai/schedule",
  onHoursPerWeek: "hybrid-ai/on-hours-per-week",
} as const;
/** GCP resource-label keys on a scheduled GKE node pool (label keys allow no `/`). */
export const GCP_SCHEDULE_LABEL_KEYS = {
  schedule: "schedule",
  onHoursPerWeek: "on-hours-per-week",
} as const;

/** A pool's schedule, as its tags and labels carry it. */
export interface ScheduleFacts {
  /** Schedule name in the stack config. */
  readonly name: string;
  /** On-hours in a week of wall-clock time. */
  readonly onHoursPerWeek: number;
}

/** Hours with at most two decimals, as text: `60`, `62.5`, `37.75`. */
function hoursText(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}

/** AWS tags of a scheduled pool. */
export function scheduleAwsTags(facts: ScheduleFacts): Record<string, string> {
  return {
    [AWS_SCHEDULE_TAG_KEYS.schedule]: facts.name,
    [AWS_SCHEDULE_TAG_KEYS.onHoursPerWeek]: hoursText(facts.onHoursPerWeek),
  };
}

/** GCP labels of a scheduled pool; label values allow no `.`, so `62.5` is written `62_5`. */
export function scheduleGcpLabels(facts: ScheduleFacts): Record<string, string> {
  return {
    [GCP_SCHEDULE_LABEL_KEYS.schedule]: gcpLabelValue(facts.name),
    [GCP_SCHEDULE_LABEL_KEYS.onHoursPerWeek]: hoursText(facts.onHoursPerWeek).replace(".", "_"),
  };
}

/** Reads an on-hours value written by either function; undefined when it is not one. */
export function parseOnHours(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^\d+([._]\d+)?$/.test(value)) {
    return undefined;
  }
  const hours = Number(value.replace("_", "."));
  return hours <= 168 ? hours : undefined;
}

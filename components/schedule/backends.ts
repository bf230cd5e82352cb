/**
 * A compiled schedule as each backend's actions: AWS Auto Scaling scheduled actions, Cloud Scheduler
 * jobs calling the GKE node pool API, and Kubernetes CronJobs. Pure: the ShutdownSchedule component
 * turns these plans into resources, and tests check them directly.
 *
 * Holidays: no backend's cron can skip a date, so each gets the closest exact mechanism it has.
 * - AWS: every recurring on-action is split into segments that end when a holiday run starts and
 *   begin again when it ends (scheduled actions take a start and end time); a one-off off-action
 *   switches capacity off at the run's first midnight when a window is running then.
 * - Kubernetes: the on-job's script does nothing inside a holiday run (the runs are passed as UTC
 *   epoch seconds), and a guarded off-job fires at the run's first midnight when a window is running.
 * - GCP: Cloud Scheduler jobs have no start or end date, so guard jobs switch the pool off again two
 *   minutes after every on-switch that falls on a holiday. Their cron names a day and month, so they
 *   fire on that date every year: list fixed-date holidays, or remove a holiday once it has passed.
 */
import { DateTime } from "luxon";
import {
  MINUTES_PER_DAY,
  allHolidayGaps,
  holidayGaps,
  type CompiledSchedule,
  type CronAction,
  type HolidayGap,
} from "../../model/schedule/windows";

/** Node pool sizes a schedule switches between. */
export interface PoolSizes {
  readonly minNodes: number;
  readonly maxNodes: number;
}

/** One AWS Auto Scaling scheduled action. */
export interface AwsScheduledAction {
  /** Unique suffix of the action's name: `off-0`, `on-0-1`, `holiday-off-0`. */
  readonly id: string;
  readonly action: "on" | "off";
  /** Cron in the schedule's time zone; absent for a one-off action. */
  readonly recurrence?: string;
  /** UTC, `YYYY-MM-DDThh:mm:ssZ`. */
  readonly startTime?: string;
  readonly endTime?: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** -1 leaves the desired capacity as it is (the provider's sentinel; the group raises it to min). */
  readonly desiredCapacity: number;
}

/** Times closer to the deploy than this are treated as past (the API call itself takes time). */
export const AWS_PAST_MARGIN_MS = 5 * 60_000;

/**
 * AWS actions. Off sets min, max and desired to 0: with max left at the pool's size, cluster-autoscaler
 * would launch nodes again for any pending pod (and a pool with minNodes 0 would not switch off at all).
 * On restores the pool's min and max and leaves desired alone (-1): the group raises it to min, and an
 * on-switch while already on (the midnight switches of schedules with holidays) shrinks nothing.
 *
 * Every time sent is in the future (AWS refuses past start and end times, terraform-provider-aws#38983,
 * pulumi-aws#2473): segments that ended are dropped, a segment already running gets no start time
 * (AWS computes the next occurrence), past holiday switches are dropped, so a first deploy during a
 * holiday works. Ids are stable as holidays pass: a segment is named by the holiday run it follows
 * (`on-0-after-2026-12-26`), not by its position.
 */
export function awsScheduledActions(
  schedule: CompiledSchedule,
  sizes: PoolSizes,
  now: Date,
): AwsScheduledAction[] {
  const gaps = allHolidayGaps(schedule);
  const soon = now.getTime() + AWS_PAST_MARGIN_MS;
  const off = { minSize: 0, maxSize: 0, desiredCapacity: 0 };
  const on = { minSize: sizes.minNodes, maxSize: sizes.maxNodes, desiredCapacity: -1 };
  const actions: AwsScheduledAction[] = [];
  schedule.cron.forEach((c, i) => {
    if (c.action === "off") {
      actions.push({ id: `off-${i}`, action: "off", recurrence: c.cron, ...off });
      return;
    }
    // Segments between holiday runs: [start, gap0) [gap0 end, gap1) ... [gapN end, open).
    for (let k = 0; k <= gaps.length; k++) {
      // Ends a minute before the holiday's midnight, so a midnight on-switch cannot race the
      // holiday's off-action at the same instant.
      const end =
        k < gaps.length ? new Date(Date.parse(gaps[k].startUtc) - 60_000).toISOString() : undefined;
      if (end !== undefined && Date.parse(end) <= soon) {
        continue;
      }
      const start = k > 0 ? gaps[k - 1].endUtc : undefined;
      actions.push({
        id:
          gaps.length === 0
            ? `on-${i}`
            : k === 0
              ? `on-${i}-first`
              : `on-${i}-after-${gaps[k - 1].lastDate}`,
        action: "on",
        recurrence: c.cron,
        ...(start !== undefined && Date.parse(start) > soon ? { startTime: awsTime(start) } : {}),
        ...(end !== undefined ? { endTime: awsTime(end) } : {}),
        ...on,
      });
    }
  });
  for (const g of gaps) {
    if (g.onAtStart && Date.parse(g.startUtc) > soon) {
      actions.push({
        id: `holiday-off-${g.firstDate}`,
        action: "off",
        startTime: awsTime(g.startUtc),
        ...off,
      });
    }
  }
  return actions;
}

/** AWS wants `YYYY-MM-DDThh:mm:ssZ`. */
function awsTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, "Z");
}

/** GKE node pool API methods a job calls. */
export type GkeNodePoolMethod = "setAutoscaling" | "setSize";

/** One Cloud Scheduler job. */
export interface GcpSchedulerJob {
  /** Unique suffix of the job's name: `off-0-autoscaling`, `on-1`, `holiday-0-size`. */
  readonly id: string;
  readonly action: "on" | "off";
  /** Unix cron in the schedule's time zone. */
  readonly schedule: string;
  readonly method: GkeNodePoolMethod;
  /** Request body of the method. */
  readonly body: Record<string, unknown>;
}

/** Minutes between the off-switch's two calls (autoscaling off, then size 0): one GKE operation at a time. */
export const GCP_OFF_STEP_MINUTES = 1;
/** Minutes after an on-switch on a holiday that the guard switches the pool off again. */
export const GCP_HOLIDAY_GUARD_MINUTES = 2;

/**
 * GCP jobs. Off is two calls: setAutoscaling disabled (so the autoscaler does not grow the pool
 * again), then setSize 0 a minute later. On is one call: setAutoscaling with the pool's total bounds.
 */
export function gcpSchedulerJobs(
  schedule: CompiledSchedule,
  sizes: PoolSizes & { readonly locationPolicy: "ANY" | "BALANCED" },
  now: Date,
): GcpSchedulerJob[] {
  const disable = { method: "setAutoscaling" as const, body: { autoscaling: { enabled: false } } };
  const sizeZero = { method: "setSize" as const, body: { nodeCount: 0 } };
  const enable = {
    method: "setAutoscaling" as const,
    body: {
      autoscaling: {
        enabled: true,
        totalMinNodeCount: sizes.minNodes,
        totalMaxNodeCount: sizes.maxNodes,
        locationPolicy: sizes.locationPolicy,
      },
    },
  };
  const jobs: GcpSchedulerJob[] = [];
  schedule.cron.forEach((c, i) => {
    if (c.action === "on") {
      jobs.push({ id: `on-${i}`, action: "on", schedule: c.cron, ...enable });
    } else {
      jobs.push({ id: `off-${i}-autoscaling`, action: "off", schedule: c.cron, ...disable });
      jobs.push({
        id: `off-${i}-size`,
        action: "off",
        schedule: shiftCron(c, GCP_OFF_STEP_MINUTES),
        ...sizeZero,
      });
    }
  });
  let g = 0;
  for (const gap of holidayGaps(schedule, now)) {
    const guardTimes: DateTime[] = [];
    for (const date of gapDates(gap)) {
      const day = DateTime.fromISO(date, { zone: schedule.timezone });
      if (date === gap.firstDate && gap.onAtStart) {
        guardTimes.push(day);
      }
      for (const c of schedule.cron) {
        if (c.action === "on" && c.days.includes(day.weekday - 1)) {
          guardTimes.push(day.plus({ minutes: c.minuteOfDay + GCP_HOLIDAY_GUARD_MINUTES }));
        }
      }
    }
    for (const at of guardTimes) {
      jobs.push({
        id: `holiday-${g}-autoscaling`,
        action: "off",
        schedule: dateCron(at),
        ...disable,
      });
      jobs.push({
        id: `holiday-${g}-size`,
        action: "off",
        schedule: dateCron(at.plus({ minutes: GCP_OFF_STEP_MINUTES })),
        ...sizeZero,
      });
      g++;
    }
  }
  return jobs;
}

/** Dates of a holiday run. */
function gapDates(gap: HolidayGap): string[] {
  const dates: string[] = [];
  for (
    let d = DateTime.fromISO(gap.firstDate);
    d.toISODate()! <= gap.lastDate;
    d = d.plus({ days: 1 })
  ) {
    dates.push(d.toISODate()!);
  }
  return dates;
}

/** A cron firing at a local date's time each year: `minute hour day month *`. */
function dateCron(at: DateTime): string {
  return `${at.minute} ${at.hour} ${at.day} ${at.month} *`;
}

/** A cron action moved later by some minutes, past midnight onto the next days when it must. */
export function shiftCron(c: CronAction, minutes: number): string {
  const total = c.minuteOfDay + minutes;
  const dayShift = Math.floor(total / MINUTES_PER_DAY);
  const minuteOfDay = total % MINUTES_PER_DAY;
  const days = [...new Set(c.days.map((d) => (d + dayShift) % 7))];
  const cronDays =
    days.length === 7
      ? "*"
      : days
          .map((d) => (d + 1) % 7)
          .sort((a, b) => a - b)
          .join(",");
  return `${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)} * * ${dayShift === 0 ? c.cron.split(" ")[4] : cronDays}`;
}

/** One Kubernetes CronJob of a site schedule. */
export interface KubernetesScaleJob {
  /** Unique suffix of the job's name: `off-0`, `on-1`, `holiday-off-0`. */
  readonly id: string;
  readonly action: "on" | "off";
  /** Cron in the schedule's time zone (the CronJob's `timeZone`). */
  readonly schedule: string;
  /**
   * `skip-in-holiday`: the job does nothing inside a holiday run (on-jobs); `only-in-holiday`: it acts
   * only inside one (the off-job at a run's first midnight, whose cron repeats yearly).
   */
  readonly guard?: "skip-in-holiday" | "only-in-holiday";
}

/** Kubernetes jobs, and the holiday runs as `start-end` UTC epoch seconds for the jobs' guard. */
export function kubernetesScaleJobs(
  schedule: CompiledSchedule,
  now: Date,
): { jobs: KubernetesScaleJob[]; holidayRanges: string[] } {
  const gaps = holidayGaps(schedule, now);
  const jobs: KubernetesScaleJob[] = schedule.cron.map((c, i) =>
    c.action === "on"
      ? {
          id: `on-${i}`,
          action: "on",
          schedule: c.cron,
          ...(gaps.length > 0 ? { guard: "skip-in-holiday" as const } : {}),
        }
      : { id: `off-${i}`, action: "off", schedule: c.cron },
  );
  gaps.forEach((g, k) => {
    if (g.onAtStart) {
      const start = DateTime.fromISO(g.firstDate, { zone: schedule.timezone });
      jobs.push({
        id: `holiday-off-${k}`,
        action: "off",
        schedule: dateCron(start),
        guard: "only-in-holiday",
      });
    }
  });
  const holidayRanges = gaps.map(
    (g) => `${Date.parse(g.startUtc) / 1000}-${Date.parse(g.endUtc) / 1000}`,
  );
  return { jobs, holidayRanges };
}

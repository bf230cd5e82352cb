/**
 * The schedule compiler: one window syntax ("Mon-Fri 07:00-19:00") turned into what each backend
 * needs. Pure: no Pulumi, no clock (callers pass `now`).
 *
 * Windows are wall-clock time in the schedule's IANA time zone, so a DST change shifts nothing: the
 * 07:00 start stays 07:00 local (and moves by an hour in UTC). A window whose end is earlier than its
 * start crosses midnight ("Fri 22:00-02:00" runs until Saturday 02:00). Overlapping or touching
 * windows are merged. Holidays are whole local days off.
 *
 * Internally a week is minutes 0-10079 counted from Monday 00:00 local time.
 */
import { DateTime, IANAZone } from "luxon";
import { closest } from "fastest-levenshtein";
import { QUOTAS } from "../rules/quotas";
import { show, type Problem } from "../validation";

/** Minutes in a day and in a week. */
export const MINUTES_PER_DAY = 24 * 60;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** Hours in a week. */
export const HOURS_PER_WEEK = 168;

/** Day names as windows write them, Monday first (index = day of week, Monday 0). */
export const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** A schedule as the stack config writes it. */
export interface ScheduleSpec {
  /** IANA time zone the windows are read in, e.g. `Europe/Berlin`. */
  readonly timezone: string;
  /** When capacity runs: `"Mon-Fri 07:00-19:00"`, `"Sat,Sun 10:00-14:00"`, `"Daily 22:00-02:00"`. */
  readonly on: string[];
  /** Whole local days off, `YYYY-MM-DD`. */
  readonly holidays?: string[];
}

/** A stretch of the week, `[start, end)` in minutes from Monday 00:00 local; `end` <= 10080. */
export interface WeekInterval {
  readonly start: number;
  readonly end: number;
}

/** A switch of capacity at a wall-clock minute of the week. */
export interface Transition {
  readonly action: "on" | "off";
  readonly minuteOfWeek: number;
}

/** A recurring action as a 5-field Unix cron expression (`minute hour * * days`, Sunday = 0). */
export interface CronAction {
  readonly action: "on" | "off";
  readonly cron: string;
  /** Minute of the day it fires at (local). */
  readonly minuteOfDay: number;
  /** Days it fires on, Monday = 0. */
  readonly days: number[];
}

/** A run of holiday days: capacity stays off from `start` (local midnight) to `end` (next midnight). */
export interface HolidayGap {
  /** First and last holiday date of the run, `YYYY-MM-DD`. */
  readonly firstDate: string;
  readonly lastDate: string;
  /** Start and end as UTC instants (ISO 8601, `Z`). */
  readonly startUtc: string;
  readonly endUtc: string;
  /** Whether a window runs through the gap's first midnight (an off action is needed there). */
  readonly onAtStart: boolean;
}

/** A compiled schedule. */
export interface CompiledSchedule {
  readonly timezone: string;
  /** Merged on-intervals of the week, sorted. */
  readonly intervals: readonly WeekInterval[];
  /** On-hours in a week of wall-clock time (a DST week runs an hour more or less in real time). */
  readonly onHoursPerWeek: number;
  /**
   * Switches, sorted by minute; empty when capacity is always on. With holidays, an extra on-switch at
   * every midnight a window runs through brings capacity back after a holiday.
   */
  readonly transitions: readonly Transition[];
  /** The transitions as cron expressions, one per action and time of day. */
  readonly cron: readonly CronAction[];
  /** Holiday dates, sorted and unique. */
  readonly holidays: string[];
}

const TIME = /^(\d{1,2}):(\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses `HH:MM` (00:00-24:00) into minutes of the day, or returns why it cannot. */
function parseTime(text: string): number | string {
  const m = TIME.exec(text);
  if (m === null) {
    return `time ${show(text)} must be HH:MM, e.g. 07:00`;
  }
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 24) {
    return `hour must be 00-24 (got ${show(text)})`;
  }
  if (minute > 59) {
    return `minute must be 00-59 (got ${show(text)})`;
  }
  if (hour === 24 && minute !== 0) {
    return `24:00 is the latest time (got ${show(text)})`;
  }
  return hour * 60 + minute;
}

function parseDay(text: string): number | string {
  const i = DAY_NAMES.findIndex((d) => d.toLowerCase() === text.toLowerCase());
  if (i >= 0) {
    return i;
  }
  return `unknown day ${show(text)}: days are ${DAY_NAMES.join(", ")} (did you mean ${show(closest(text, [...DAY_NAMES]))}?)`;
}

/** Parses a day list: `Mon-Fri`, `Sat,Sun`, `Fri-Mon` (wraps), `Daily`. */
function parseDays(text: string): number[] | string {
  if (text.toLowerCase() === "daily") {
    return [0, 1, 2, 3, 4, 5, 6];
  }
  const days = new Set<number>();
  for (const part of text.split(",")) {
    const bounds = part.split("-");
    if (bounds.length > 2 || part === "") {
      return `day list ${show(text)} must be days or ranges like Mon-Fri or Sat,Sun`;
    }
    const first = parseDay(bounds[0]);
    if (typeof first === "string") {
      return first;
    }
    const last = bounds.length === 2 ? parseDay(bounds[1]) : first;
    if (typeof last === "string") {
      return last;
    }
    for (let d = first; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === last) {
        break;
      }
    }
  }
  return [...days].sort((a, b) => a - b);
}

/** One window, `<days> <HH:MM>-<HH:MM>`, as intervals of the week (not yet merged), or a message. */
export function parseWindow(text: string): WeekInterval[] | string {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2) {
    return `window ${show(text)} must read "<days> <start>-<end>", e.g. "Mon-Fri 07:00-19:00"`;
  }
  const days = parseDays(parts[0]);
  if (typeof days === "string") {
    return days;
  }
  const times = parts[1].split("-");
  if (times.length !== 2) {
    return `time range ${show(parts[1])} must read HH:MM-HH:MM, e.g. 07:00-19:00`;
  }
  const start = parseTime(times[0]);
  if (typeof start === "string") {
    return start;
  }
  const end = parseTime(times[1]);
  if (typeof end === "string") {
    return end;
  }
  if (start === end) {
    return `window ${show(text)} is empty: start and end must differ (00:00-24:00 is a whole day)`;
  }
  if (start === MINUTES_PER_DAY) {
    return `window ${show(text)} cannot start at 24:00; start at 00:00 of the next day`;
  }
  const length = end > start ? end - start : MINUTES_PER_DAY - start + end;
  return days.map((d) => ({
    start: d * MINUTES_PER_DAY + start,
    end: d * MINUTES_PER_DAY + start + length,
  }));
}

/** Merges intervals on the circular week: splits those past Sunday midnight, joins overlaps and touches. */
export function mergeIntervals(raw: readonly WeekInterval[]): WeekInterval[] {
  const pieces: WeekInterval[] = [];
  for (const r of raw) {
    if (r.end > MINUTES_PER_WEEK) {
      pieces.push(
        { start: r.start, end: MINUTES_PER_WEEK },
        { start: 0, end: r.end - MINUTES_PER_WEEK },
      );
    } else {
      pieces.push(r);
    }
  }
  pieces.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Array<{ start: number; end: number }> = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if (last !== undefined && p.start <= last.end) {
      last.end = Math.max(last.end, p.end);
    } else {
      merged.push({ ...p });
    }
  }
  return merged;
}

/** Whether `zone` is an IANA time zone name luxon (and so the clouds) know. */
export function isTimeZone(zone: string): boolean {
  // Abbreviations such as EST or CET are legacy zone names; ask for Area/City (or UTC).
  return zone === "UTC" || (zone.includes("/") && IANAZone.isValidZone(zone));
}

/**
 * Checks a schedule and returns every problem, with paths relative to the schedule
 * (`["on", 1]`, `["timezone"]`, `["holidays", 0]`).
 */
export function validateScheduleSpec(spec: ScheduleSpec): Problem[] {
  const problems: Problem[] = [];
  // Bounded work: refuse huge calendars before parsing any of them.
  const windows = QUOTAS.scheduleWindows;
  const holidays = QUOTAS.scheduleHolidays;
  if (spec.on.length > windows.max) {
    problems.push({
      path: ["on"],
      message: `lists ${spec.on.length} windows; at most ${windows.max} ${windows.what} are accepted: merge windows that share times`,
    });
  }
  if ((spec.holidays ?? []).length > holidays.max) {
    problems.push({
      path: ["holidays"],
      message: `lists ${(spec.holidays ?? []).length} dates; at most ${holidays.max} ${holidays.what} are accepted: remove dates already past`,
    });
  }
  if (problems.length > 0) {
    return problems;
  }
  if (!isTimeZone(spec.timezone)) {
    problems.push({
      path: ["timezone"],
      message: `must be an IANA time zone name like Europe/Berlin or America/New_York (got ${show(spec.timezone)})`,
    });
  }
  if (spec.on.length === 0) {
    problems.push({
      path: ["on"],
      message: 'must list at least one window, e.g. "Mon-Fri 07:00-19:00"',
    });
  }
  spec.on.forEach((w, i) => {
    const parsed = parseWindow(w);
    if (typeof parsed === "string") {
      problems.push({ path: ["on", i], message: parsed });
    }
  });
  const seen = new Set<string>();
  (spec.holidays ?? []).forEach((h, i) => {
    if (!DATE.test(h) || !DateTime.fromISO(h).isValid) {
      problems.push({
        path: ["holidays", i],
        message: `must be a date YYYY-MM-DD, e.g. 2026-12-24 (got ${show(h)})`,
      });
    } else if (seen.has(h)) {
      problems.push({ path: ["holidays", i], message: `repeats ${h}` });
    }
    seen.add(h);
  });
  return problems;
}

/** Compiles a valid schedule (see {@link validateScheduleSpec}); throws on an invalid one. */
export function compileSchedule(spec: ScheduleSpec): CompiledSchedule {
  const problems = validateScheduleSpec(spec);
  if (problems.length > 0) {
    throw new Error(
      `invalid schedule: ${problems.map((p) => `${p.path.join(".")} ${p.message}`).join("; ")}`,
    );
  }
  const raw = spec.on.flatMap((w) => parseWindow(w) as WeekInterval[]);
  const intervals = mergeIntervals(raw);
  const onMinutes = intervals.reduce((s, i) => s + i.end - i.start, 0);
  const holidays = [...new Set(spec.holidays ?? [])].sort();
  const transitions = weekTransitions(intervals);
  if (holidays.length > 0) {
    // A holiday switches a running window off at its midnight; the next day it must come back even
    // when its window started before the holiday: switch on again at every midnight a window runs
    // through (idempotent while capacity is on).
    for (let day = 0; day < 7; day++) {
      const m = day * MINUTES_PER_DAY;
      if (runsThrough({ intervals }, m) && !transitions.some((t) => t.minuteOfWeek === m)) {
        transitions.push({ action: "on", minuteOfWeek: m });
      }
    }
    transitions.sort((a, b) => a.minuteOfWeek - b.minuteOfWeek || (a.action === "off" ? -1 : 1));
  }
  return {
    timezone: spec.timezone,
    intervals,
    onHoursPerWeek: onMinutes / 60,
    transitions,
    cron: cronActions(transitions),
    holidays,
  };
}

/** On and off switches of merged intervals; an interval running through Sunday midnight switches nowhere there. */
export function weekTransitions(intervals: readonly WeekInterval[]): Transition[] {
  const startsAtZero = intervals.some((i) => i.start === 0);
  const endsAtWeek = intervals.some((i) => i.end === MINUTES_PER_WEEK);
  const out: Transition[] = [];
  for (const i of intervals) {
    if (!(i.start === 0 && endsAtWeek)) {
      out.push({ action: "on", minuteOfWeek: i.start });
    }
    if (!(i.end === MINUTES_PER_WEEK && startsAtZero)) {
      out.push({ action: "off", minuteOfWeek: i.end % MINUTES_PER_WEEK });
    }
  }
  return out.sort((a, b) => a.minuteOfWeek - b.minuteOfWeek || (a.action === "off" ? -1 : 1));
}

/** Day of week in cron (Sunday 0) from ours (Monday 0). */
const cronDay = (d: number) => (d + 1) % 7;

/** `1-5`, `0,6`, `1,3-5`: cron day lists, ranges where days follow each other. */
export function cronDays(days: number[]): string {
  const sorted = [...new Set(days.map(cronDay))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) {
      j++;
    }
    parts.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(","));
    i = j + 1;
  }
  return sorted.length === 7 ? "*" : parts.join(",");
}

/** Groups transitions by action and time of day into cron expressions. */
export function cronActions(transitions: readonly Transition[]): CronAction[] {
  const groups = new Map<string, { action: "on" | "off"; minuteOfDay: number; days: number[] }>();
  for (const t of transitions) {
    const minuteOfDay = t.minuteOfWeek % MINUTES_PER_DAY;
    const key = `${t.action}@${minuteOfDay}`;
    const g = groups.get(key) ?? { action: t.action, minuteOfDay, days: [] };
    g.days.push(Math.floor(t.minuteOfWeek / MINUTES_PER_DAY));
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) =>
      a.action === b.action ? a.minuteOfDay - b.minuteOfDay : a.action === "off" ? -1 : 1,
    )
    .map((g) => ({
      action: g.action,
      minuteOfDay: g.minuteOfDay,
      days: g.days.sort((a, b) => a - b),
      cron: `${g.minuteOfDay % 60} ${Math.floor(g.minuteOfDay / 60)} * * ${cronDays(g.days)}`,
    }));
}

/** Whether the weekly schedule is on at a minute of the week. */
export function isOnAt(
  schedule: Pick<CompiledSchedule, "intervals">,
  minuteOfWeek: number,
): boolean {
  return schedule.intervals.some((i) => i.start <= minuteOfWeek && minuteOfWeek < i.end);
}

/**
 * Whether a window is already running at a minute of the week (it started earlier), so capacity must be
 * switched off there to stop it; a window that starts exactly then has an on-switch instead.
 */
export function runsThrough(
  schedule: Pick<CompiledSchedule, "intervals">,
  minuteOfWeek: number,
): boolean {
  if (minuteOfWeek === 0) {
    return (
      schedule.intervals.some((i) => i.start === 0) &&
      schedule.intervals.some((i) => i.end === MINUTES_PER_WEEK)
    );
  }
  return schedule.intervals.some((i) => i.start < minuteOfWeek && minuteOfWeek < i.end);
}

/** Minute of the week (Monday 00:00 = 0) of a local date-time. */
function minuteOfWeek(dt: DateTime): number {
  return (dt.weekday - 1) * MINUTES_PER_DAY + dt.hour * 60 + dt.minute;
}

/**
 * Runs of holidays still to come at `now` (a gap that ended before `now` is dropped; clouds reject
 * actions in the past), each with its UTC bounds.
 */
export function holidayGaps(schedule: CompiledSchedule, now: Date): HolidayGap[] {
  return allHolidayGaps(schedule).filter((g) => Date.parse(g.endUtc) > now.getTime());
}

/** Every holiday run of the schedule, past ones included, in date order. */
export function allHolidayGaps(schedule: CompiledSchedule): HolidayGap[] {
  const gaps: HolidayGap[] = [];
  for (const date of schedule.holidays) {
    const start = DateTime.fromISO(date, { zone: schedule.timezone }).startOf("day");
    const end = start.plus({ days: 1 }).startOf("day");
    const last = gaps[gaps.length - 1];
    if (last !== undefined && last.endUtc === utc(start)) {
      gaps[gaps.length - 1] = { ...last, lastDate: date, endUtc: utc(end) };
      continue;
    }
    gaps.push({
      firstDate: date,
      lastDate: date,
      startUtc: utc(start),
      endUtc: utc(end),
      onAtStart: runsThrough(schedule, minuteOfWeek(start)),
    });
  }
  return gaps;
}

function utc(dt: DateTime): string {
  return dt.toUTC().toISO({ suppressMilliseconds: true })!;
}

/** A stretch of real time with capacity on. */
export interface OnPeriod {
  /** Local start and end, ISO 8601 with offset. */
  readonly start: string;
  readonly end: string;
  /** Real hours between them (a DST change makes wall-clock and real time differ). */
  readonly hours: number;
}

/**
 * The periods capacity is on between two local dates (`from` inclusive, `to` exclusive, `YYYY-MM-DD`):
 * what the compiled backends do in real time. Holidays follow the backends' rules: an on-switch on a
 * holiday does not fire, a window running into a holiday is switched off at the holiday's midnight,
 * and the midnight on-switches bring a window running past the holiday back the next day. Used to
 * check the compiled crons and to count real hours in a DST week.
 */
export function expandSchedule(schedule: CompiledSchedule, from: string, to: string): OnPeriod[] {
  const zone = schedule.timezone;
  const first = DateTime.fromISO(from, { zone }).startOf("day");
  const stop = DateTime.fromISO(to, { zone }).startOf("day");
  const holidays = new Set(schedule.holidays);
  const isHoliday = (dt: DateTime) => holidays.has(dt.toISODate()!);
  type Event = { at: DateTime; action: "on" | "off" };
  const events: Event[] = [];
  for (let day = first; day < stop; day = day.plus({ days: 1 }).startOf("day")) {
    const dayStart = (day.weekday - 1) * MINUTES_PER_DAY;
    if (isHoliday(day)) {
      events.push({ at: day, action: "off" });
    }
    for (const t of schedule.transitions) {
      const m = t.minuteOfWeek - dayStart;
      if (m < 0 || m >= MINUTES_PER_DAY || (t.action === "on" && isHoliday(day))) {
        continue;
      }
      events.push({ at: atLocalMinute(day, m), action: t.action });
    }
  }
  events.sort((x, y) => x.at.toMillis() - y.at.toMillis() || (x.action === "off" ? -1 : 1));
  const periods: Array<{ start: DateTime; end: DateTime }> = [];
  const alwaysOn = schedule.transitions.length === 0 && schedule.onHoursPerWeek > 0;
  let onSince: DateTime | undefined =
    !isHoliday(first) && (alwaysOn || runsThrough(schedule, minuteOfWeek(first)))
      ? first
      : undefined;
  for (const e of events) {
    if (e.action === "on" && onSince === undefined) {
      onSince = e.at;
    } else if (e.action === "off" && onSince !== undefined) {
      if (e.at > onSince) {
        periods.push({ start: onSince, end: e.at });
      }
      onSince = undefined;
    }
  }
  if (onSince !== undefined && stop > onSince) {
    periods.push({ start: onSince, end: stop });
  }
  return periods.map((p) => ({
    start: p.start.toISO({ suppressMilliseconds: true })!,
    end: p.end.toISO({ suppressMilliseconds: true })!,
    hours: p.end.diff(p.start, "hours").hours,
  }));
}

/**
 * The instant a wall-clock minute of a local day names. A time skipped by a DST change (02:30 on the
 * spring-forward day in Berlin) moves forward by the gap (03:30), as luxon and cron-parser do.
 */
function atLocalMinute(day: DateTime, minute: number): DateTime {
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
}

/** Hours a month at `onHoursPerWeek`, for a month of `hoursPerMonth` (730) hours. */
export function monthlyOnHours(onHoursPerWeek: number, hoursPerMonth: number): number {
  return (onHoursPerWeek * hoursPerMonth) / HOURS_PER_WEEK;
}

/** A switch whose wall-clock time does not exist on some date (skipped by a DST change). */
export interface SkippedSwitch {
  readonly action: "on" | "off";
  /** Local date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Local time, `HH:MM`. */
  readonly time: string;
}

/**
 * Switches that fall into a DST gap within `days` days from `from` (e.g. 02:30 on the last Sunday of
 * March in Berlin). Backends disagree on such times: some fire after the gap, some skip the day.
 */
export function skippedSwitches(
  schedule: CompiledSchedule,
  from: Date,
  days = 366,
): SkippedSwitch[] {
  const out: SkippedSwitch[] = [];
  let day = DateTime.fromJSDate(from, { zone: schedule.timezone }).startOf("day");
  for (let i = 0; i < days; i++, day = day.plus({ days: 1 }).startOf("day")) {
    const weekStart = (day.weekday - 1) * MINUTES_PER_DAY;
    for (const t of schedule.transitions) {
      const m = t.minuteOfWeek - weekStart;
      if (m < 0 || m >= MINUTES_PER_DAY) {
        continue;
      }
      const at = atLocalMinute(day, m);
      if (at.hour * 60 + at.minute !== m) {
        const time = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
        out.push({ action: t.action, date: day.toISODate()!, time });
      }
    }
  }
  return out;
}

import { CronExpressionParser } from "cron-parser";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  compileSchedule,
  cronDays,
  expandSchedule,
  holidayGaps,
  monthlyOnHours,
  parseWindow,
  skippedSwitches,
  validateScheduleSpec,
} from "../model/schedule/windows";

const berlin = (on: string[], holidays?: string[]) =>
  compileSchedule({ timezone: "Europe/Berlin", on, holidays });

describe("window syntax", () => {
  it("reads office hours as five 12-hour intervals from Monday 00:00", () => {
    const s = berlin(["Mon-Fri 07:00-19:00"]);
    expect(s.intervals).toEqual([
      { start: 420, end: 1140 },
      { start: 1860, end: 2580 },
      { start: 3300, end: 4020 },
      { start: 4740, end: 5460 },
      { start: 6180, end: 6900 },
    ]);
    expect(s.onHoursPerWeek).toBe(60);
    expect(s.cron).toEqual([
      { action: "off", cron: "0 19 * * 1-5", minuteOfDay: 1140, days: [0, 1, 2, 3, 4] },
      { action: "on", cron: "0 7 * * 1-5", minuteOfDay: 420, days: [0, 1, 2, 3, 4] },
    ]);
  });

  it("runs a window across midnight into the next day", () => {
    const s = berlin(["Fri 22:00-02:30"]);
    expect(s.intervals).toEqual([{ start: 4 * 1440 + 1320, end: 5 * 1440 + 150 }]);
    expect(s.onHoursPerWeek).toBe(4.5);
    expect(s.cron.map((c) => `${c.action} ${c.cron}`)).toEqual(["off 30 2 * * 6", "on 0 22 * * 5"]);
  });

  it("wraps a Sunday-night window into Monday", () => {
    const s = berlin(["Sun 22:00-02:00"]);
    expect(s.intervals).toEqual([
      { start: 0, end: 120 },
      { start: 9960, end: 10080 },
    ]);
    expect(s.transitions).toEqual([
      { action: "off", minuteOfWeek: 120 },
      { action: "on", minuteOfWeek: 9960 },
    ]);
    expect(s.cron.map((c) => `${c.action} ${c.cron}`)).toEqual(["off 0 2 * * 1", "on 0 22 * * 0"]);
  });

  it("merges overlapping and touching windows", () => {
    const s = berlin(["Mon-Fri 08:00-12:00", "Mon-Fri 11:00-18:00", "Wed 18:00-20:00"]);
    expect(s.intervals[2]).toEqual({ start: 2 * 1440 + 480, end: 2 * 1440 + 1200 });
    expect(s.intervals).toHaveLength(5);
    expect(s.onHoursPerWeek).toBe(52);
    expect(s.cron.map((c) => `${c.action} ${c.cron}`)).toEqual([
      "off 0 18 * * 1,2,4,5",
      "off 0 20 * * 3",
      "on 0 8 * * 1-5",
    ]);
  });

  it("has no switches when capacity is always on, through the week boundary", () => {
    const s = berlin(["Daily 00:00-24:00"]);
    expect(s.onHoursPerWeek).toBe(168);
    expect(s.transitions).toEqual([]);
    const wrap = berlin([
      "Mon-Sun 12:00-12:00".replace("12:00-12:00", "00:00-24:00"),
      "Sun 23:00-01:00",
    ]);
    expect(wrap.transitions).toEqual([]);
  });

  it("reads wrapping day ranges and lists", () => {
    expect(parseWindow("Fri-Mon 10:00-11:00")).toHaveLength(4);
    expect(berlin(["Sat,Sun 10:00-14:00"]).cron[1].cron).toBe("0 10 * * 0,6");
    expect(cronDays([0, 1, 2, 4])).toBe("1-3,5");
    expect(cronDays([5, 6])).toBe("0,6");
  });

  it("prices a month from the weekly on-hours", () => {
    expect(monthlyOnHours(60, 730)).toBeCloseTo(260.714, 3);
    expect(monthlyOnHours(168, 730)).toBe(730);
  });
});

describe("bad schedules", () => {
  it("names the day that is not a day, the hour that is not an hour and the zone that is not a zone", () => {
    const problems = validateScheduleSpec({
      timezone: "Europe/Berlln",
      on: [
        "Mon-Fry 07:00-19:00",
        "Mon-Fri 25:00-19:00",
        "Mon 07:60-08:00",
        "weekdays",
        "Mon 08:00-08:00",
      ],
      holidays: ["2026-12-24", "2026-13-01", "2026-12-24"],
    });
    expect(problems).toEqual([
      {
        path: ["timezone"],
        message:
          'must be an IANA time zone name like Europe/Berlin or America/New_York (got "Europe/Berlln")',
      },
      {
        path: ["on", 0],
        message:
          'unknown day "Fry": days are Mon, Tue, Wed, Thu, Fri, Sat, Sun (did you mean "Fri"?)',
      },
      { path: ["on", 1], message: 'hour must be 00-24 (got "25:00")' },
      { path: ["on", 2], message: 'minute must be 00-59 (got "07:60")' },
      {
        path: ["on", 3],
        message: 'window "weekdays" must read "<days> <start>-<end>", e.g. "Mon-Fri 07:00-19:00"',
      },
      {
        path: ["on", 4],
        message:
          'window "Mon 08:00-08:00" is empty: start and end must differ (00:00-24:00 is a whole day)',
      },
      {
        path: ["holidays", 1],
        message: 'must be a date YYYY-MM-DD, e.g. 2026-12-24 (got "2026-13-01")',
      },
      { path: ["holidays", 2], message: "repeats 2026-12-24" },
    ]);
  });

  it("rejects zone abbreviations and an empty window list, and refuses to compile a bad schedule", () => {
    expect(validateScheduleSpec({ timezone: "CET", on: [] }).map((p) => p.path.join("."))).toEqual([
      "timezone",
      "on",
    ]);
    expect(() => compileSchedule({ timezone: "UTC", on: ["Mon 24:00-01:00"] })).toThrow(
      /cannot start at 24:00/,
    );
  });
});

/** UTC ISO of a local ISO string. */
const z = (iso: string) =>
  DateTime.fromISO(iso, { setZone: true }).toUTC().toISO({ suppressMilliseconds: true });

describe("DST weeks: wall-clock windows, shifting UTC instants", () => {
  it("keeps Berlin office hours at 07:00 local across the March change (06:00Z then 05:00Z)", () => {
    const s = berlin(["Mon-Fri 07:00-19:00"]);
    const periods = expandSchedule(s, "2026-03-27", "2026-03-31");
    expect(periods.map((p) => [z(p.start), z(p.end), p.hours])).toEqual([
      ["2026-03-27T06:00:00Z", "2026-03-27T18:00:00Z", 12],
      ["2026-03-30T05:00:00Z", "2026-03-30T17:00:00Z", 12],
    ]);
  });

  it("counts real hours of a Berlin night window over both changes (11 h in March, 13 h in October)", () => {
    const s = berlin(["Sat 20:00-08:00"]);
    expect(s.onHoursPerWeek).toBe(12);
    const spring = expandSchedule(s, "2026-03-28", "2026-03-30");
    expect(spring).toEqual([
      { start: "2026-03-28T20:00:00+01:00", end: "2026-03-29T08:00:00+02:00", hours: 11 },
    ]);
    const autumn = expandSchedule(s, "2026-10-24", "2026-10-26");
    expect(autumn).toEqual([
      { start: "2026-10-24T20:00:00+02:00", end: "2026-10-25T08:00:00+01:00", hours: 13 },
    ]);
  });

  it("counts real hours in New York's changes (second Sunday of March, first of November)", () => {
    const s = compileSchedule({
      timezone: "America/New_York",
      on: ["Sat 22:00-06:00", "Mon-Fri 09:00-17:00"],
    });
    expect(s.onHoursPerWeek).toBe(48);
    const march = expandSchedule(s, "2026-03-07", "2026-03-10");
    expect(march.map((p) => [z(p.start), z(p.end), p.hours])).toEqual([
      ["2026-03-08T03:00:00Z", "2026-03-08T10:00:00Z", 7],
      ["2026-03-09T13:00:00Z", "2026-03-09T21:00:00Z", 8],
    ]);
    const november = expandSchedule(s, "2026-10-31", "2026-11-03");
    expect(november.map((p) => [z(p.start), z(p.end), p.hours])).toEqual([
      ["2026-11-01T02:00:00Z", "2026-11-01T11:00:00Z", 9],
      ["2026-11-02T14:00:00Z", "2026-11-02T22:00:00Z", 8],
    ]);
  });

  it("compiles crons that fire exactly at the expanded switches in the zone (cron-parser cross-check)", () => {
    for (const [zone, from, to] of [
      ["Europe/Berlin", "2026-03-23", "2026-04-06"],
      ["Europe/Berlin", "2026-10-19", "2026-11-02"],
      ["America/New_York", "2026-03-02", "2026-03-16"],
      ["America/New_York", "2026-10-26", "2026-11-09"],
    ] as const) {
      const s = compileSchedule({
        timezone: zone,
        on: ["Mon-Fri 07:00-19:00", "Sat 22:00-02:30", "Sun 01:30-03:30"],
      });
      const expected = expandSchedule(s, from, to).flatMap((p) => [
        `on ${z(p.start)}`,
        `off ${z(p.end)}`,
      ]);
      const begin = DateTime.fromISO(from, { zone }).toJSDate();
      expect(DateTime.fromISO(from).weekday).toBe(1);
      const end = DateTime.fromISO(to, { zone }).toJSDate();
      const fired: Array<[number, string]> = [];
      for (const c of s.cron) {
        const it = CronExpressionParser.parse(c.cron, {
          tz: zone,
          currentDate: new Date(begin.getTime() - 1000),
          endDate: end,
        });
        while (it.hasNext()) {
          const at = it.next().toDate();
          fired.push([at.getTime(), `${c.action} ${z(at.toISOString())}`]);
        }
      }
      // Both bounds are Mondays 00:00, when the schedule is off: every period lies inside.
      const got = fired.sort((a, b) => a[0] - b[0]).map((f) => f[1]);
      expect(got.length).toBe(2 * (10 + 2));
      expect(got).toEqual(expected);
    }
  });
});

describe("holidays", () => {
  const s = berlin(
    ["Mon-Fri 07:00-19:00", "Wed 22:00-02:00"],
    ["2026-12-25", "2026-12-24", "2027-01-01"],
  );

  it("keeps whole local days off, cutting a window that runs into one at midnight", () => {
    const week = expandSchedule(s, "2026-12-21", "2026-12-28");
    expect(week.map((p) => [p.start, p.end])).toEqual([
      ["2026-12-21T07:00:00+01:00", "2026-12-21T19:00:00+01:00"],
      ["2026-12-22T07:00:00+01:00", "2026-12-22T19:00:00+01:00"],
      ["2026-12-23T07:00:00+01:00", "2026-12-23T19:00:00+01:00"],
      ["2026-12-23T22:00:00+01:00", "2026-12-24T00:00:00+01:00"],
    ]);
    expect(week.reduce((t, p) => t + p.hours, 0)).toBe(38);
  });

  it("joins consecutive holidays into one gap in UTC, says whether it starts while on, and drops past ones", () => {
    expect(holidayGaps(s, new Date("2026-11-22T12:00:00Z"))).toEqual([
      {
        firstDate: "2026-12-24",
        lastDate: "2026-12-25",
        startUtc: "2026-12-23T23:00:00Z",
        endUtc: "2026-12-25T23:00:00Z",
        onAtStart: true,
      },
      {
        firstDate: "2027-01-01",
        lastDate: "2027-01-01",
        startUtc: "2026-12-31T23:00:00Z",
        endUtc: "2027-01-01T23:00:00Z",
        onAtStart: false,
      },
    ]);
    expect(holidayGaps(s, new Date("2026-12-26T00:00:00Z")).map((g) => g.firstDate)).toEqual([
      "2027-01-01",
    ]);
  });
});

describe("switches inside a DST gap", () => {
  it("finds a 02:30 switch on the spring-forward Sunday, and none for office hours", () => {
    const s = berlin(["Sun 02:30-05:00"]);
    expect(skippedSwitches(s, new Date("2026-11-22T12:00:00Z"))).toEqual([
      { action: "on", date: "2027-03-28", time: "02:30" },
    ]);
    expect(
      skippedSwitches(berlin(["Mon-Fri 07:00-19:00"]), new Date("2026-11-22T12:00:00Z")),
    ).toEqual([]);
    const ny = compileSchedule({ timezone: "America/New_York", on: ["Sat 20:00-02:15"] });
    expect(skippedSwitches(ny, new Date("2026-01-01T00:00:00Z"))).toEqual([
      { action: "off", date: "2026-03-08", time: "02:15" },
    ]);
  });
});

describe("a night window starting on a holiday", () => {
  it("is off on the holiday and back at the next midnight for the rest of the window", () => {
    const s = berlin(["Thu 22:00-02:00"], ["2026-12-24"]);
    expect(s.cron.map((c) => `${c.action} ${c.cron}`)).toEqual([
      "off 0 2 * * 5",
      "on 0 0 * * 5",
      "on 0 22 * * 4",
    ]);
    expect(expandSchedule(s, "2026-12-21", "2027-01-04").map((p) => [p.start, p.end])).toEqual([
      ["2026-12-25T00:00:00+01:00", "2026-12-25T02:00:00+01:00"],
      ["2026-12-31T22:00:00+01:00", "2027-01-01T02:00:00+01:00"],
    ]);
  });

  it("brings a multi-day window back the day after a holiday", () => {
    const s = berlin(["Mon-Fri 00:00-24:00"], ["2026-12-23"]);
    expect(expandSchedule(s, "2026-12-21", "2026-12-28").map((p) => [p.start, p.end])).toEqual([
      ["2026-12-21T00:00:00+01:00", "2026-12-23T00:00:00+01:00"],
      ["2026-12-24T00:00:00+01:00", "2026-12-26T00:00:00+01:00"],
    ]);
  });

  it("is on from the first midnight when a window already runs, and always on without switches", () => {
    expect(expandSchedule(berlin(["Sun 22:00-02:00"]), "2026-12-21", "2026-12-22")).toEqual([
      { start: "2026-12-21T00:00:00+01:00", end: "2026-12-21T02:00:00+01:00", hours: 2 },
    ]);
    expect(
      expandSchedule(berlin(["Daily 00:00-24:00"], ["2026-12-24"]), "2026-12-23", "2026-12-26"),
    ).toEqual([
      { start: "2026-12-23T00:00:00+01:00", end: "2026-12-24T00:00:00+01:00", hours: 24 },
      { start: "2026-12-25T00:00:00+01:00", end: "2026-12-26T00:00:00+01:00", hours: 24 },
    ]);
  });
});

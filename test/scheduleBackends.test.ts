/** The schedule compiled to each backend: AWS scheduled actions, Cloud Scheduler jobs, Kubernetes jobs. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CronExpressionParser } from "cron-parser";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  awsScheduledActions,
  gcpSchedulerJobs,
  kubernetesScaleJobs,
  shiftCron,
} from "../components/schedule/backends";
import { scaleScript } from "../components/schedule/kubernetes";
import { validateShutdownScheduleArgs } from "../components/schedule/shutdownSchedule";
import { compileSchedule, validateScheduleSpec } from "../model/schedule/windows";
import { AKS_AGENT_POOL_API_VERSION, aksScheduleWorkflows } from "../components/schedule/aks";
import { windowsZone } from "../model/schedule/windowsZones";

const NOW = new Date("2026-11-22T12:00:00Z");
const officeHours = compileSchedule({
  timezone: "Europe/Berlin",
  on: ["Mon-Fri 07:00-19:00"],
  holidays: ["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"],
});

describe("AWS scheduled actions", () => {
  const actions = awsScheduledActions(officeHours, { minNodes: 1, maxNodes: 4 }, NOW);

  it("switches off to 0/0/0 and on to the pool's min and max (desired unchanged), splitting the on-action around holiday runs", () => {
    expect(actions).toEqual([
      {
        id: "off-0",
        action: "off",
        recurrence: "0 19 * * 1-5",
        minSize: 0,
        maxSize: 0,
        desiredCapacity: 0,
      },
      {
        id: "on-1-first",
        action: "on",
        recurrence: "0 7 * * 1-5",
        endTime: "2026-12-23T22:59:00Z",
        minSize: 1,
        maxSize: 4,
        desiredCapacity: -1,
      },
      {
        id: "on-1-after-2026-12-25",
        action: "on",
        recurrence: "0 7 * * 1-5",
        startTime: "2026-12-25T23:00:00Z",
        endTime: "2026-12-30T22:59:00Z",
        minSize: 1,
        maxSize: 4,
        desiredCapacity: -1,
      },
      {
        id: "on-1-after-2027-01-01",
        action: "on",
        recurrence: "0 7 * * 1-5",
        startTime: "2027-01-01T23:00:00Z",
        minSize: 1,
        maxSize: 4,
        desiredCapacity: -1,
      },
    ]);
  });

  it("fires an on-action on every working day and on no holiday (simulated over five weeks)", () => {
    const fired: string[] = [];
    for (const a of actions.filter((x) => x.action === "on")) {
      const it = CronExpressionParser.parse(a.recurrence!, {
        tz: "Europe/Berlin",
        currentDate: new Date(a.startTime ?? "2026-12-14T00:00:00Z"),
        endDate: new Date(a.endTime ?? "2027-01-17T00:00:00Z"),
      });
      while (it.hasNext()) {
        fired.push(DateTime.fromJSDate(it.next().toDate(), { zone: "Europe/Berlin" }).toISODate()!);
      }
    }
    fired.sort();
    expect(fired).toHaveLength(25 - 4);
    for (const holiday of ["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"]) {
      expect(fired).not.toContain(holiday);
    }
    expect(fired).toContain("2026-12-23");
    expect(fired).toContain("2026-12-28");
  });

  it("adds a one-off off-action when a window runs into a holiday, and drops holidays already past", () => {
    const late = compileSchedule({
      timezone: "America/New_York",
      on: ["Wed 20:00-02:00"],
      holidays: ["2026-11-26", "2025-12-25"],
    });
    const a = awsScheduledActions(late, { minNodes: 0, maxNodes: 2 }, NOW);
    // With holidays, an on-switch at Thursday midnight brings the window back after a Wednesday holiday.
    expect(a.map((x) => `${x.id} ${x.recurrence ?? "once"}`)).toEqual([
      "off-0 0 2 * * 4",
      "on-1-after-2025-12-25 0 0 * * 4",
      "on-1-after-2026-11-26 0 0 * * 4",
      "on-2-after-2025-12-25 0 20 * * 3",
      "on-2-after-2026-11-26 0 20 * * 3",
      "holiday-off-2026-11-26 once",
    ]);
    expect(a[5]).toEqual({
      id: "holiday-off-2026-11-26",
      action: "off",
      startTime: "2026-11-26T05:00:00Z",
      minSize: 0,
      maxSize: 0,
      desiredCapacity: 0,
    });
    expect(
      awsScheduledActions(
        officeHours,
        { minNodes: 0, maxNodes: 2 },
        new Date("2027-02-01T00:00:00Z"),
      ).map((x) => x.id),
    ).toEqual(["off-0", "on-1-after-2027-01-01"]);
  });

  it("never sends a time in the past, so updates and a first deploy during a holiday work (terraform-provider-aws#38983)", () => {
    const duringHoliday = new Date("2026-12-24T12:00:00Z");
    const a = awsScheduledActions(officeHours, { minNodes: 1, maxNodes: 4 }, duringHoliday);
    for (const x of a) {
      for (const t of [x.startTime, x.endTime]) {
        if (t !== undefined) {
          expect(Date.parse(t)).toBeGreaterThan(duringHoliday.getTime());
        }
      }
    }
    // The segment before the holiday ended and is gone; the one after it keeps its name.
    expect(a.map((x) => x.id)).toEqual(["off-0", "on-1-after-2026-12-25", "on-1-after-2027-01-01"]);
  });

  it("keeps action names as holidays pass, and drops the start time of a running segment", () => {
    const before = awsScheduledActions(officeHours, { minNodes: 1, maxNodes: 4 }, NOW);
    const after = awsScheduledActions(
      officeHours,
      { minNodes: 1, maxNodes: 4 },
      new Date("2026-12-28T12:00:00Z"),
    );
    const running = after.find((x) => x.id === "on-1-after-2026-12-25")!;
    expect(before.map((x) => x.id)).toContain(running.id);
    expect(running.startTime).toBeUndefined();
    expect(running.endTime).toBe("2026-12-30T22:59:00Z");
  });

  it("creates nothing for a schedule that is always on", () => {
    expect(
      awsScheduledActions(
        compileSchedule({ timezone: "UTC", on: ["Daily 00:00-24:00"] }),
        { minNodes: 1, maxNodes: 2 },
        NOW,
      ),
    ).toEqual([]);
  });
});

describe("GCP Cloud Scheduler jobs", () => {
  const jobs = gcpSchedulerJobs(
    officeHours,
    { minNodes: 0, maxNodes: 2, locationPolicy: "ANY" },
    NOW,
  );

  it("disables autoscaling then sets size 0 to switch off, and restores the total bounds to switch on", () => {
    expect(jobs.slice(0, 3)).toEqual([
      {
        id: "off-0-autoscaling",
        action: "off",
        schedule: "0 19 * * 1-5",
        method: "setAutoscaling",
        body: { autoscaling: { enabled: false } },
      },
      {
        id: "off-0-size",
        action: "off",
        schedule: "1 19 * * 1-5",
        method: "setSize",
        body: { nodeCount: 0 },
      },
      {
        id: "on-1",
        action: "on",
        schedule: "0 7 * * 1-5",
        method: "setAutoscaling",
        body: {
          autoscaling: {
            enabled: true,
            totalMinNodeCount: 0,
            totalMaxNodeCount: 2,
            locationPolicy: "ANY",
          },
        },
      },
    ]);
  });

  it("guards each holiday's on-switch two minutes later, on that date", () => {
    expect(jobs.slice(3).map((j) => `${j.id} ${j.method} ${j.schedule}`)).toEqual([
      "holiday-0-autoscaling setAutoscaling 2 7 24 12 *",
      "holiday-0-size setSize 3 7 24 12 *",
      "holiday-1-autoscaling setAutoscaling 2 7 25 12 *",
      "holiday-1-size setSize 3 7 25 12 *",
      "holiday-2-autoscaling setAutoscaling 2 7 31 12 *",
      "holiday-2-size setSize 3 7 31 12 *",
      "holiday-3-autoscaling setAutoscaling 2 7 1 1 *",
      "holiday-3-size setSize 3 7 1 1 *",
    ]);
  });

  it("moves a shifted cron past midnight onto the next day, Sunday onto Monday", () => {
    expect(shiftCron({ action: "off", cron: "59 23 * * 5", minuteOfDay: 1439, days: [4] }, 1)).toBe(
      "0 0 * * 6",
    );
    expect(
      shiftCron({ action: "off", cron: "59 23 * * 0,6", minuteOfDay: 1439, days: [5, 6] }, 1),
    ).toBe("0 0 * * 0,1");
    expect(
      shiftCron(
        { action: "off", cron: "30 9 * * 1-5", minuteOfDay: 570, days: [0, 1, 2, 3, 4] },
        1,
      ),
    ).toBe("31 9 * * 1-5");
  });
});

describe("Kubernetes scale jobs", () => {
  const target = {
    namespace: "store-berlin-01",
    timezone: "Europe/Berlin",
    image: "alpine/k8s:1.31.4",
    labels: {},
    workloads: [
      { deployment: "support-chat", replicas: 1, scaledObject: "support-chat" },
      { deployment: "shelf-vision", replicas: 2 },
    ],
  };

  /** Runs a job's script with a stand-in kubectl that logs its arguments. */
  function run(script: string, holidayRanges: string): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hai-kubectl-"));
    const log = path.join(dir, "log");
    fs.writeFileSync(path.join(dir, "kubectl"), `#!/bin/sh\necho "$*" >> ${log}\n`, {
      mode: 0o755,
    });
    const out = execFileSync("/bin/sh", ["-c", script], {
      env: { PATH: `${dir}:/usr/bin:/bin`, HOLIDAY_RANGES: holidayRanges },
      encoding: "utf8",
    });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    fs.rmSync(dir, { recursive: true, force: true });
    return out.trim() === "" ? calls : [...calls, `> ${out.trim()}`];
  }

  const nowS = Math.floor(Date.now() / 1000);
  const around = `${nowS - 3600}-${nowS + 3600}`;
  const past = `${nowS - 7200}-${nowS - 3600}`;

  it("pauses KEDA before scaling every Deployment to zero", () => {
    expect(
      run(scaleScript({ id: "off-0", action: "off", schedule: "0 19 * * 1-5" }, target), ""),
    ).toEqual([
      "-n store-berlin-01 annotate --overwrite scaledobject/support-chat autoscaling.keda.sh/paused-replicas=0",
      "-n store-berlin-01 scale deployment/support-chat --replicas=0",
      "-n store-berlin-01 scale deployment/shelf-vision --replicas=0",
    ]);
  });

  it("resumes KEDA and restores fixed replicas, except inside a holiday run", () => {
    const on = scaleScript(
      { id: "on-1", action: "on", schedule: "0 7 * * 1-5", guard: "skip-in-holiday" },
      target,
    );
    expect(run(on, past)).toEqual([
      "-n store-berlin-01 annotate scaledobject/support-chat autoscaling.keda.sh/paused-replicas-",
      "-n store-berlin-01 scale deployment/shelf-vision --current-replicas=0 --replicas=2",
    ]);
    expect(run(on, `${past} ${around}`)).toEqual(["> holiday: capacity stays off"]);
  });

  it("acts on a holiday's first midnight only in the year of the holiday", () => {
    const off = scaleScript(
      { id: "holiday-off-0", action: "off", schedule: "0 0 26 12 *", guard: "only-in-holiday" },
      target,
    );
    expect(run(off, past)).toEqual(["> not a holiday this year: nothing to do"]);
    expect(run(off, around)).toHaveLength(3);
  });

  it("plans on and off jobs per time of day, guarded only when there are holidays", () => {
    const plain = kubernetesScaleJobs(
      compileSchedule({ timezone: "UTC", on: ["Mon-Fri 08:00-18:00"] }),
      NOW,
    );
    expect(plain).toEqual({
      jobs: [
        { id: "off-0", action: "off", schedule: "0 18 * * 1-5" },
        { id: "on-1", action: "on", schedule: "0 8 * * 1-5" },
      ],
      holidayRanges: [],
    });
    expect(kubernetesScaleJobs(officeHours, NOW).jobs[1].guard).toBe("skip-in-holiday");
  });
});

describe("AKS node pool schedules (Logic Apps)", () => {
  const compiled = compileSchedule({
    timezone: "Europe/Berlin",
    on: ["Mon-Fri 07:00-19:00"],
    holidays: ["2026-12-24"],
  });
  const workflows = aksScheduleWorkflows(compiled, windowsZone("Europe/Berlin")!);

  it("fires each switch in the schedule's zone by its Windows name, stopping and starting the pool", () => {
    expect(workflows.map((w) => `${w.id} ${w.action}`)).toEqual([
      "off-0 off",
      "on-1 on",
      "holiday-off off",
    ]);
    const off = workflows[0].definition as Record<string, any>;
    expect(off.triggers.Recurrence.recurrence).toEqual({
      frequency: "Week",
      interval: 1,
      timeZone: "W. Europe Standard Time",
      schedule: {
        weekDays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        hours: [19],
        minutes: [0],
      },
    });
    expect(off.actions.Get_pool.inputs).toMatchObject({
      method: "GET",
      authentication: { type: "ManagedServiceIdentity", audience: "https://management.azure.com/" },
    });
    expect(off.actions.Get_pool.inputs.uri).toContain(`api-version=${AKS_AGENT_POOL_API_VERSION}`);
    expect(off.actions.Set_power_state.inputs.method).toBe("PUT");
    expect(off.actions.Set_power_state.inputs.body).toContain('{"code":"Stopped"}');
  });

  it("skips the on-switch on a holiday and stops the pool at a holiday's midnight", () => {
    const on = workflows[1].definition as Record<string, any>;
    const check = on.actions.Check_holiday;
    expect(check.expression).toEqual({
      and: [
        {
          equals: [
            "@contains(createArray('2026-12-24'), convertFromUtc(utcNow(), 'W. Europe Standard Time', 'yyyy-MM-dd'))",
            false,
          ],
        },
      ],
    });
    expect(check.actions.Set_power_state.inputs.body).toContain('{"code":"Running"}');
    const guard = workflows[2].definition as Record<string, any>;
    expect(guard.triggers.Recurrence.recurrence.schedule).toEqual({
      weekDays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
      hours: [0],
      minutes: [0],
    });
    expect(guard.actions.Check_holiday.expression.and[0].equals[1]).toBe(true);
  });

  it("has a Windows zone for the schedules' zones and none for an unknown one", () => {
    expect(windowsZone("America/New_York")).toBe("Eastern Standard Time");
    expect(windowsZone("Mars/Olympus")).toBeUndefined();
  });
});

describe("schedules that fit AWS and bounded work (issue 10)", () => {
  const shifts = [
    "Mon-Fri 06:00-08:00",
    "Mon-Fri 10:00-12:00",
    "Mon-Fri 14:00-16:00",
    "Mon-Fri 18:00-20:00",
  ];
  // 40 Wednesdays from 2027-01-06: separate holiday runs.
  const holidays = Array.from({ length: 40 }, (_, i) =>
    new Date(Date.UTC(2027, 0, 6 + 7 * i)).toISOString().slice(0, 10),
  );
  const target = { awsNodeGroup: { autoscalingGroupName: "asg", minNodes: 0, maxNodes: 2 } };

  it("refuses four shift windows and 40 holidays: 168 scheduled actions on one Auto Scaling group", () => {
    const spec = { timezone: "Europe/Berlin", on: shifts, holidays };
    expect(awsScheduledActions(compileSchedule(spec), target.awsNodeGroup, NOW)).toHaveLength(168);
    const problems = validateShutdownScheduleArgs({
      scheduleName: "shifts",
      schedule: spec,
      target,
      now: NOW.toISOString(),
    });
    expect(problems).toEqual([
      {
        path: ["schedule"],
        message:
          "makes 168 scheduled actions on the node group's Auto Scaling group; AWS allows 125 scheduled actions per Auto Scaling group: remove past holidays, merge holiday runs or use fewer on-times (each holiday run adds one action per on-time) (source: https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html)",
      },
    ]);
    expect(
      validateShutdownScheduleArgs({
        scheduleName: "shifts",
        schedule: { ...spec, holidays: holidays.slice(0, 20) },
        target,
        now: NOW.toISOString(),
      }),
    ).toEqual([]);
  });

  it("refuses 1,000 windows and 5,000 holidays at once, in well under a second", () => {
    const started = Date.now();
    const problems = validateScheduleSpec({
      timezone: "UTC",
      on: Array.from({ length: 1000 }, () => "Mon 07:00-08:00"),
      holidays: Array.from({ length: 5000 }, (_, i) =>
        new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10),
      ),
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(problems.map((p) => `${p.path.join(".")} ${p.message}`)).toEqual([
      "on lists 1000 windows; at most 64 windows (`on:` entries) in one schedule are accepted: merge windows that share times",
      "holidays lists 5000 dates; at most 400 holidays in one schedule are accepted: remove dates already past",
    ]);
  });
});

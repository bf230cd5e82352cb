/** Terminal sections of schedules and the edge fleet. */
import type { ReviewResult } from "../result/model";
import { range, table, usd } from "./format";

/** An image as a column can hold it: digests cut to their first 12 hex digits. */
const shortImage = (image: string) =>
  image.replace(/@sha256:([0-9a-f]{12})[0-9a-f]+$/, "@sha256:$1…");

/** Hours without trailing zeros: `60`, `260.71`. */
const hours = (h: number) => String(Math.round(h * 100) / 100);

/** Each shutdown schedule: on-hours, the pools it switches, what it saves against 730 h. */
export function renderSchedules(review: ReviewResult): string[] {
  const schedules = review.cost.schedules;
  if (schedules.length === 0) {
    return [];
  }
  return [
    "",
    `Shutdown schedules (saving against ${review.cost.hoursPerMonth} h/month)`,
    table(
      ["schedule", "on h/week", "h/month", "pools", "saved at min", "saved at max"],
      schedules.map((s) => [
        s.schedule,
        hours(s.onHoursPerWeek),
        hours(s.hoursPerMonth),
        s.pools.join(" "),
        usd(s.monthlySavingMinUsd),
        usd(s.monthlySavingMaxUsd),
      ]),
      ["left", "right", "right", "left", "right", "right"],
    ),
  ];
}

/** Every edge site and model, with replicas and scaling bounds. */
export function renderEdgeFleet(review: ReviewResult): string[] {
  const sites = review.edgeSites;
  if (sites.length === 0) {
    return [];
  }
  const models = sites.reduce((n, s) => n + s.models.length, 0);
  const rows = sites.flatMap((s) =>
    s.models.map((m) => [
      s.site,
      s.location,
      s.hardware,
      s.schedule === undefined ? "always on" : `${s.schedule} (${s.scheduleJobs} jobs)`,
      m.model,
      m.server,
      shortImage(m.image),
      m.gpusPerReplica === 0 ? "cpu" : String(m.gpusPerReplica),
      m.autoscaling === undefined
        ? String(m.replicas)
        : range(m.autoscaling.minReplicas, m.autoscaling.maxReplicas),
      m.autoscaling === undefined ? "fixed" : `${m.autoscaling.kind} ${m.autoscaling.metric}`,
    ]),
  );
  return [
    "",
    `Edge fleet: ${sites.length} site${sites.length === 1 ? "" : "s"}, ${models} model${models === 1 ? "" : "s"}`,
    table(
      [
        "site",
        "location",
        "hardware",
        "schedule",
        "model",
        "server",
        "image",
        "gpus/replica",
        "replicas",
        "scaling",
      ],
      rows,
    ),
  ];
}

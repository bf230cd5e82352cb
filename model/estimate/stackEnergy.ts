/**
 * Energy, carbon and savings of a whole stack: the pools and edge sites the readers found, handed to the
 * energy and savings estimators with the stack's `hybrid-ai:sites` facts and its schedules' on-hours.
 */
import {
  estimateEnergy,
  type EnergyEstimate,
  type EnergySiteInput,
  type SiteFacts,
} from "./energy";
import { estimateSavings, type Saving } from "./savings";
import type { EdgeSiteInfo } from "../readers/edge";
import type { GpuPoolInfo } from "../readers/pools";

/** Accelerators a site's models use at their minimum and maximum replicas, and its schedule's hours. */
export function edgeEnergyInputs(
  sites: readonly EdgeSiteInfo[],
  onHoursPerWeek: (schedule: string) => number | undefined,
): EnergySiteInput[] {
  return sites.map((s) => {
    const hours = s.schedule === undefined ? undefined : onHoursPerWeek(s.schedule);
    return {
      site: s.site,
      location: s.location,
      hardware: s.hardware,
      minAccelerators: s.models.reduce(
        (t, m) => t + m.gpusPerReplica * (m.autoscaling?.minReplicas ?? m.replicas),
        0,
      ),
      maxAccelerators: s.models.reduce(
        (t, m) => t + m.gpusPerReplica * (m.autoscaling?.maxReplicas ?? m.replicas),
        0,
      ),
      ...(s.schedule !== undefined ? { schedule: s.schedule } : {}),
      ...(hours !== undefined ? { onHoursPerWeek: hours } : {}),
    };
  });
}

/** Weekly on-hours of a schedule as the stack outputs show it (`schedules.<name>.onHoursPerWeek`). */
export function scheduleHoursFromOutputs(outputs: Record<string, unknown>) {
  const schedules = outputs.schedules;
  return (name: string): number | undefined => {
    const s =
      schedules !== null && typeof schedules === "object"
        ? (schedules as Record<string, unknown>)[name]
        : undefined;
    const hours =
      s !== null && typeof s === "object"
        ? (s as Record<string, unknown>).onHoursPerWeek
        : undefined;
    return typeof hours === "number" ? hours : undefined;
  };
}

/** Energy, carbon and savings of a stack's pools and edge sites. */
export function estimateStackEnergy(
  pools: readonly GpuPoolInfo[],
  edgeSites: readonly EdgeSiteInfo[],
  outputs: Record<string, unknown>,
  sites: Readonly<Record<string, SiteFacts>> = {},
): { energy: EnergyEstimate; savings: Saving[] } {
  const energy = estimateEnergy(
    pools,
    edgeEnergyInputs(edgeSites, scheduleHoursFromOutputs(outputs)),
    sites,
  );
  return { energy, savings: estimateSavings(pools, energy.rows) };
}

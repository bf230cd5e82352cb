import type { GuardrailPolicy } from "../types";
import { estimateEnergy } from "../../model/estimate/energy";
import { poolsOf } from "../cost/monthlyBudget";
import { configSchema, settingsOf } from "../lib";

const DEFAULTS: { monthlyKwh?: number; monthlyKgCo2e?: number } = {};

const whole = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * The stack's GPU pools stay within a monthly energy budget (kWh at the meter, PUE included) or a
 * carbon budget (kg CO2e), or both, at maximum size: this policy's `monthlyKwh` / `monthlyKgCo2e`
 * settings. Pools without an energy or carbon figure are left out and named.
 *
 * Severity medium, mandatory once set: a team that sets an energy or carbon budget wants a change that
 * breaks it stopped like one that breaks the money budget. Not applicable until one is set.
 */
export const stackLimitEnergy: GuardrailPolicy = {
  name: "observe-stack-limit-energy",
  description: "The stack's GPU pools stay within its monthly energy and carbon budgets.",
  area: "observe",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediation:
    "Lower pools' `maxNodes`, schedule them off when idle, move them to a cleaner region, or raise `monthlyKwh` / `monthlyKgCo2e` in this policy's settings.",
  configSchema: configSchema({
    monthlyKwh: { type: "number", exclusiveMinimum: 0, description: "kWh a month at maximum size" },
    monthlyKgCo2e: {
      type: "number",
      exclusiveMinimum: 0,
      description: "kg CO2e a month at maximum size",
    },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    if (s.monthlyKwh === undefined && s.monthlyKgCo2e === undefined) {
      args.notApplicable("no monthlyKwh or monthlyKgCo2e setting");
      return;
    }
    const energy = estimateEnergy(poolsOf(args.resources));
    const left = (names: readonly string[], what: string) =>
      names.length > 0
        ? ` (${names.length} pool${names.length === 1 ? "" : "s"} without ${what} not counted)`
        : "";
    if (s.monthlyKwh !== undefined && energy.kwh.max > s.monthlyKwh) {
      reportViolation(
        `the GPU pools may use ${whole(energy.kwh.max)} kWh a month at maximum size${left(energy.withoutEnergy, "an energy figure")}; the energy budget is ${whole(s.monthlyKwh)} kWh`,
      );
    }
    if (s.monthlyKgCo2e !== undefined && energy.kgCo2e.max > s.monthlyKgCo2e) {
      reportViolation(
        `the GPU pools may emit ${whole(energy.kgCo2e.max)} kg CO2e a month at maximum size${left(energy.withoutCarbon, "a carbon figure")}; the carbon budget is ${whole(s.monthlyKgCo2e)} kg`,
      );
    }
  },
};

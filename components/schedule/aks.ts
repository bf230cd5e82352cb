/**
 * A compiled schedule as Azure Logic Apps workflows that stop and start an AKS node pool: one workflow
 * per action and time of day, each a Recurrence trigger in the schedule's zone (Logic Apps take Windows
 * zone names) and two HTTP actions with the workflow's own managed identity: GET the agent pool, then
 * PUT it back with `powerState.code` set to `Stopped` or `Running`, the same read-modify-write the
 * Azure CLI's `az aks nodepool stop/start` performs. A stopped pool keeps its autoscaler settings; AKS
 * pauses the autoscaler while the pool is stopped and resumes it on start.
 *
 * Holidays: a Recurrence cannot skip dates, so the on-workflows check the local date first
 * (`convertFromUtc(utcNow(), zone, 'yyyy-MM-dd')`) and do nothing on a holiday, and a guard workflow
 * stops the pool at every local midnight that is a holiday (a window running through midnight would
 * otherwise keep it on). Pure: the ShutdownSchedule component turns these into resources.
 */
import type { CompiledSchedule, CronAction } from "../../model/schedule/windows";

/** The ARM API version the workflows call: the one @pulumi/azure-native's AgentPool uses. */
export const AKS_AGENT_POOL_API_VERSION = "2025-09-01";

/** Logic Apps' day names, Monday = 0 as the schedule compiler counts. */
const WEEK_DAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

/**
 * Permissions the workflows' identity gets, on the one cluster: read and write its agent pools. No
 * built-in role is that narrow (Azure Kubernetes Service Contributor can also change the cluster).
 */
export const AKS_SCHEDULER_ACTIONS = [
  "Microsoft.ContainerService/managedClusters/agentPools/read",
  "Microsoft.ContainerService/managedClusters/agentPools/write",
] as const;

/** One workflow to create. */
export interface AksScheduleWorkflow {
  /** Unique suffix of the workflow's name: `off-0`, `on-1`, `holiday-off`. */
  readonly id: string;
  readonly action: "on" | "off";
  /** The workflow definition (Workflow Definition Language), with the pool's ARM id as a parameter. */
  readonly definition: Record<string, unknown>;
}

const SCHEMA =
  "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#";

function recurrence(
  days: readonly number[],
  minuteOfDay: number,
  windowsZone: string,
): Record<string, unknown> {
  return {
    type: "Recurrence",
    recurrence: {
      frequency: "Week",
      interval: 1,
      timeZone: windowsZone,
      schedule: {
        weekDays: days.map((d) => WEEK_DAYS[d]),
        hours: [Math.floor(minuteOfDay / 60)],
        minutes: [minuteOfDay % 60],
      },
    },
  };
}

function armCall(method: "GET" | "PUT", body?: string): Record<string, unknown> {
  return {
    method,
    uri: `@{concat('https://management.azure.com', parameters('agentPoolId'), '?api-version=${AKS_AGENT_POOL_API_VERSION}')}`,
    authentication: { type: "ManagedServiceIdentity", audience: "https://management.azure.com/" },
    ...(body === undefined ? {} : { body, headers: { "Content-Type": "application/json" } }),
  };
}

/** The GET and PUT actions that set the pool's power state. */
function powerActions(code: "Running" | "Stopped"): Record<string, unknown> {
  return {
    Get_pool: { type: "Http", inputs: armCall("GET") },
    Set_power_state: {
      type: "Http",
      runAfter: { Get_pool: ["Succeeded"] },
      inputs: armCall(
        "PUT",
        `@setProperty(body('Get_pool'), 'properties', setProperty(body('Get_pool')?['properties'], 'powerState', json('{"code":"${code}"}')))`,
      ),
    },
  };
}

/** Wraps actions in a condition that runs them unless (or only if) today is a holiday. */
function holidayCondition(
  holidays: readonly string[],
  windowsZone: string,
  runOnHoliday: boolean,
  actions: Record<string, unknown>,
): Record<string, unknown> {
  const list = holidays.map((h) => `'${h}'`).join(", ");
  const today = `convertFromUtc(utcNow(), '${windowsZone}', 'yyyy-MM-dd')`;
  const isHoliday = `contains(createArray(${list}), ${today})`;
  return {
    Check_holiday: {
      type: "If",
      expression: { and: [{ equals: [`@${isHoliday}`, runOnHoliday] }] },
      actions,
      else: { actions: {} },
    },
  };
}

function definition(
  trigger: Record<string, unknown>,
  actions: Record<string, unknown>,
): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    contentVersion: "1.0.0.0",
    parameters: { agentPoolId: { type: "String" } },
    triggers: { Recurrence: trigger },
    actions,
  };
}

/**
 * The workflows of a schedule: one per cron action, plus a holiday guard when the schedule has
 * holidays. `windowsZone` is the schedule zone's Windows name.
 */
export function aksScheduleWorkflows(
  schedule: CompiledSchedule,
  windowsZone: string,
): AksScheduleWorkflow[] {
  const holidays = schedule.holidays;
  const out: AksScheduleWorkflow[] = schedule.cron.map((c: CronAction, i) => {
    const power = powerActions(c.action === "on" ? "Running" : "Stopped");
    const actions =
      c.action === "on" && holidays.length > 0
        ? holidayCondition(holidays, windowsZone, false, power)
        : power;
    return {
      id: `${c.action}-${i}`,
      action: c.action,
      definition: definition(recurrence(c.days, c.minuteOfDay, windowsZone), actions),
    };
  });
  if (holidays.length > 0) {
    out.push({
      id: "holiday-off",
      action: "off",
      definition: definition(
        recurrence([0, 1, 2, 3, 4, 5, 6], 0, windowsZone),
        holidayCondition(holidays, windowsZone, true, powerActions("Stopped")),
      ),
    });
  }
  return out;
}

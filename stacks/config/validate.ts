/**
 * Validates a stack's config values: every problem at once, each located in the stack file. Shapes come
 * from the schemas (schema/), meaning from the rules of each area (rules/).
 */
import { scrubSecrets, secretStrings } from "../../model/secrets";
import type { KeyPath } from "../../model/validation";
import { issueToProblems, parseTolerant, type ParseAt } from "./issues";
import type { ConfigLocator } from "./locate";
import { SECRET_PLACEHOLDER, isObject } from "./parse";
import type { ConfigProblem } from "./problems";
import { validateClusters } from "./rules/clusters";
import { validateDisasterRecoveryConfig } from "./rules/disasterRecovery";
import { validateEdgeConfig } from "./rules/edge";
import { validateObserveConfig } from "./rules/observe";
import { validateRolloutConfig } from "./rules/rollout";
import { PLACEHOLDER_COST_ALLOCATION } from "./defaults";
import { stackConfigSchema, type StackConfig } from "./schema";

/** The result of validation: the typed config when there is no problem. */
export type ValidationResult =
  | { readonly config: StackConfig; readonly problems: readonly [] }
  | { readonly config?: undefined; readonly problems: readonly ConfigProblem[] };

/**
 * Validates a stack's config values (namespace stripped) and returns the typed config or every
 * problem, located by `locator`.
 */
export function validateStackConfig(
  values: Record<string, unknown>,
  locator: ConfigLocator,
  options: {
    /**
     * The stack file's own values, where `secure:` values read as {@link SECRET_PLACEHOLDER}: kubeconfigs
     * must be secure there. @default - `values` (what `hai review` reads offline)
     */
    readonly fileValues?: Record<string, unknown>;
    /**
     * Strings no message may show: the values of secret keys (decrypted under `pulumi up`).
     * @default - the strings under credential keys and `secure:` maps of `values` (model/secrets.ts)
     */
    readonly secrets?: ReadonlySet<string>;
  } = {},
): ValidationResult {
  const problems: ConfigProblem[] = [];
  const parseAt: ParseAt = (schema, raw, prefix: KeyPath) => {
    const parsed = parseTolerant(schema, raw);
    for (const issue of parsed.issues) {
      problems.push(...issueToProblems(prefix, issue, raw, locator, schema));
    }
    return parsed.data;
  };

  const top = parseAt(stackConfigSchema, values, []);
  const rawClusters = Array.isArray(values.clusters) ? values.clusters : [];
  const fileClusters = options.fileValues?.clusters ?? values.clusters;
  const isKubeconfigSecret = (i: number) => {
    const cluster = Array.isArray(fileClusters)
      ? (fileClusters[i] as Record<string, unknown> | undefined)
      : undefined;
    return cluster?.kubeconfig === SECRET_PLACEHOLDER;
  };
  const clusters = validateClusters(rawClusters, parseAt, isKubeconfigSecret);
  problems.push(...clusters.problems.map((p) => locator.locate(p)));

  const fileSites = options.fileValues?.edgeSites ?? values.edgeSites;
  const isSecret = (i: number) => {
    // A group stack written by `hai rollout` holds the whole edgeSites list as one secret.
    if (fileSites === SECRET_PLACEHOLDER) {
      return true;
    }
    const site = Array.isArray(fileSites)
      ? (fileSites[i] as Record<string, unknown> | undefined)
      : undefined;
    return site?.kubeconfig === SECRET_PLACEHOLDER;
  };
  const edge = validateEdgeConfig(values, parseAt, clusters.poolSchedules, isSecret);
  problems.push(...edge.problems.map((p) => locator.locate(p)));
  if (top?.rollout !== undefined) {
    problems.push(...validateRolloutConfig(top.rollout).map((p) => locator.locate(p)));
  }
  // Checked even when another top-level key is wrong (a bad budget must not hide DR problems);
  // its own schema problems were reported with the top level's.
  const disasterRecovery =
    top?.disasterRecovery ??
    (values.disasterRecovery === undefined
      ? undefined
      : parseTolerant(stackConfigSchema.shape.disasterRecovery, values.disasterRecovery).data);
  if (disasterRecovery !== undefined) {
    const declared = rawClusters
      .map((c) => (isObject(c) && typeof c.name === "string" ? c.name : ""))
      .filter((n) => n !== "");
    problems.push(
      ...validateDisasterRecoveryConfig(
        disasterRecovery,
        clusters.clusters,
        declared,
        PLACEHOLDER_COST_ALLOCATION,
      ).map((p) => locator.locate(p)),
    );
  }

  const fileMonitoring = options.fileValues?.monitoring ?? values.monitoring;
  const fileReceiver = isObject(fileMonitoring) ? fileMonitoring.alertReceiver : undefined;
  problems.push(
    ...validateObserveConfig(values, {
      clusters: clusters.clusters.map((c) => ({ name: c.name, cloud: c.cloud })),
      edgeSites: edge.edgeSites.map((s) => ({ name: s.name, location: s.location })),
      webhookIsSecret: isObject(fileReceiver) && fileReceiver.webhookUrl === SECRET_PLACEHOLDER,
    }).map((p) => locator.locate(p)),
  );

  // No message shows a secret, whatever its shape (a kubeconfig map with a token, a decrypted value).
  const secrets = options.secrets ?? secretStrings(values);
  for (let i = 0; i < problems.length; i++) {
    const message = scrubSecrets(problems[i].message, secrets);
    if (message !== problems[i].message) {
      problems[i] = { ...problems[i], message };
    }
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (problems.length > 0 || top === undefined) {
    return {
      problems:
        problems.length > 0
          ? problems
          : [locator.locate({ path: [], message: "is not a valid config" })],
    };
  }
  return {
    config: {
      ...top,
      clusters: clusters.clusters,
      schedules: edge.schedules,
      edgeSites: edge.edgeSites,
    },
    problems: [],
  };
}

/**
 * Loads the stack config of the running Pulumi program. Every problem is reported at once, each with
 * the file and line it comes from (when the stack file is at hand), the key path, what was found and
 * what is allowed.
 *
 * Two sources give the same values: the Pulumi runtime's config map (what `pulumi up` hands the
 * program, secrets decrypted) and the stack file itself (what `hai review` reads offline, where
 * `secure:` values cannot be decrypted and stand in as {@link SECRET_PLACEHOLDER}).
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { secretStrings } from "../../model/secrets";
import { ConfigLocator } from "./locate";
import { CONFIG_NAMESPACE } from "./schema";
import {
  SECRET_PLACEHOLDER,
  isObject,
  namespaceValues,
  readStackFile,
  stackFilePath,
} from "./parse";
import { formatConfigProblem, type ConfigProblem } from "./problems";
import type { StackConfig } from "./schema";
import { validateStackConfig } from "./validate";

/**
 * Strings no config message may show under `pulumi up`: everything under the keys Pulumi marks secret
 * (it hands them over decrypted), plus credentials of any shape.
 */
function runtimeSecrets(values: Record<string, unknown>): Set<string> {
  const secrets = secretStrings(values);
  const raw = pulumi.runtime.allConfig()[SECRET_KEYS_ENV] ?? process.env[SECRET_KEYS_ENV];
  let keys: unknown = [];
  try {
    keys = raw === undefined ? [] : JSON.parse(raw);
  } catch {
    keys = [];
  }
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const key of Array.isArray(keys) ? keys : []) {
    if (typeof key === "string" && key.startsWith(prefix)) {
      secretStrings(values[key.slice(prefix.length)], true, secrets);
    }
  }
  return secrets;
}

/** Where the Pulumi runtime lists the config keys that are secret. */
const SECRET_KEYS_ENV = "PULUMI_CONFIG_SECRET_KEYS";

/** Monitoring with its webhook URL read as a secret placeholder (config from the environment). */
function webhookAsPlaceholder(monitoring: unknown): unknown {
  if (!isObject(monitoring) || !isObject(monitoring.alertReceiver)) {
    return monitoring;
  }
  const receiver = monitoring.alertReceiver;
  return receiver.webhookUrl === undefined
    ? monitoring
    : { ...monitoring, alertReceiver: { ...receiver, webhookUrl: SECRET_PLACEHOLDER } };
}

/** Sites (or clusters) with their kubeconfigs read as secret placeholders. */
function asPlaceholders(items: unknown): unknown {
  return Array.isArray(items)
    ? items.map((s) =>
        isObject(s) && s.kubeconfig !== undefined ? { ...s, kubeconfig: SECRET_PLACEHOLDER } : s,
      )
    : items;
}

/**
 * Loads and validates the config of the running Pulumi program (`pulumi up`, or `hai review` after it
 * fed the runtime). Lines are located in `stacks/Pulumi.<stack>.yaml` when that file exists.
 */
export function loadStackConfig(stacksDir: string): StackConfig {
  const stack = pulumi.getStack();
  const values = namespaceValues(pulumi.runtime.allConfig());
  const file = stackFilePath(stacksDir, stack);
  const read = fs.existsSync(file) ? readStackFile(file, stack) : undefined;
  const locator = read?.locator ?? new ConfigLocator(undefined);
  // Without a stack file (config from the environment) there is nothing to check secrecy against.
  const fileValues = read?.values ?? {
    edgeSites: asPlaceholders(values.edgeSites),
    monitoring: webhookAsPlaceholder(values.monitoring),
    clusters: asPlaceholders(values.clusters),
  };
  const result = validateStackConfig(values, locator, {
    fileValues,
    secrets: runtimeSecrets(values),
  });
  if (result.config === undefined) {
    throw new StackConfigError(stack, result.problems);
  }
  return result.config;
}

/**
 * A stack config with problems. A RunError, so `pulumi up` prints the message without a stack trace.
 */
export class StackConfigError extends pulumi.RunError {
  constructor(
    readonly stack: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `stack ${stack} has ${problems.length} config problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  ${formatConfigProblem(p)}`).join("\n"),
    );
    this.name = "StackConfigError";
  }
}

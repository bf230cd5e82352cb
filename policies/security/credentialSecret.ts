import type { GuardrailPolicy } from "../types";
import { CREDENTIAL_KEYS } from "../../model/contracts";
import { SECRET_MARKER, T, UNKNOWN, asObj, configSchema, settingsOf } from "../lib";

/** Paths of credential values given in plain text. */
function plainCredentials(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => plainCredentials(v, `${path}[${i}]`, out));
    return;
  }
  if (value === null || typeof value !== "object") {
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = path === "" ? k : `${path}.${k}`;
    if (CREDENTIAL_KEYS.includes(k.toLowerCase()) && typeof v === "string") {
      if (v !== "" && v !== SECRET_MARKER && v !== UNKNOWN) {
        out.push(p);
      }
    } else {
      plainCredentials(v, p, out);
    }
  }
}

/**
 * Kubeconfigs, tokens and passwords are passed only as Pulumi secrets.
 *
 * Severity critical, mandatory: a plain value lands unencrypted in the state file, in previews and in
 * CI logs. Checks credential-named properties anywhere (a Kubernetes provider's `kubeconfig`
 * included) and the `data`/`stringData` of Kubernetes Secrets.
 *
 * The Pulumi CLI hands policies secret values already decrypted, so a policy pack cannot tell a
 * secret from plain text there; `hai review` passes secrets as `[secret]` and sets
 * `secretsRedacted`, and only then does this policy run. Under the CLI it reports itself not
 * applicable.
 */
export const credentialRequireSecret: GuardrailPolicy = {
  name: "security-credential-require-secret",
  description: "Kubeconfigs, tokens and passwords are passed only as secrets.",
  area: "security",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Pass the value with `pulumi.secret(...)` or from a `secure:` stack config value (`pulumi config set --secret`).",
  configSchema: configSchema({}),
  validateResource: (args, reportViolation) => {
    const s = settingsOf(args, {});
    if (s.secretsRedacted !== true) {
      args.notApplicable(
        "the Pulumi CLI decrypts secrets before policies see them; hai review checks this",
      );
      return;
    }
    const found: string[] = [];
    if (args.type === T.k8sSecret) {
      for (const key of ["data", "stringData"]) {
        for (const [k, v] of Object.entries(asObj(args.props[key]))) {
          if (typeof v === "string" && v !== SECRET_MARKER && v !== UNKNOWN) {
            found.push(`${key}.${k}`);
          }
        }
      }
    }
    plainCredentials(args.props, "", found);
    const unique = [...new Set(found)];
    if (unique.length > 0) {
      const what = args.type === T.k8sProvider ? "Kubernetes provider" : args.type;
      reportViolation(
        `${what} ${args.name} takes ${unique.join(", ")} in plain text, not as a secret`,
      );
    }
  },
};

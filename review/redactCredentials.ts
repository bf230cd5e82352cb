/**
 * Reports never repeat a credential. Secrets are redacted when resources are captured or read; this
 * also hides credential-named values given in plain text (which `security-credential-require-secret`
 * reports), so the JSON, Markdown and SARIF outputs stay safe to upload.
 */
import { CREDENTIAL_KEYS } from "../model/contracts";

/** What a plain-text credential reads as in reports. */
export const HIDDEN = "[redacted]";

/**
 * `value` with the values of credential-named keys (kubeconfig, token, password, ...) hidden: a copy
 * of the parts that change, the value itself where nothing does.
 */
export function hideCredentials(value: unknown): unknown {
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (Array.isArray(value)) {
    const items = value.map(hideCredentials);
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  let changed: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const hidden =
      CREDENTIAL_KEYS.includes(k.toLowerCase()) && typeof v === "string" && v !== "[secret]"
        ? HIDDEN
        : hideCredentials(v);
    if (hidden !== v) {
      changed ??= { ...(value as Record<string, unknown>) };
      changed[k] = hidden;
    }
  }
  return changed ?? value;
}

/** Resources with their inputs' plain-text credentials hidden. */
export function withCredentialsHidden<T extends { inputs: Record<string, unknown> }>(
  resources: readonly T[],
): T[] {
  return resources.map((r) => {
    const inputs = hideCredentials(r.inputs) as Record<string, unknown>;
    return inputs === r.inputs ? r : { ...r, inputs };
  });
}

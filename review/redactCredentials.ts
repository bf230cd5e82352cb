/**
 * Reports never repeat a credential. Secrets are redacted when resources are captured or read; this
 * also hides credential-named values given in plain text (which `security-credential-require-secret`
 * reports), so the JSON, Markdown and SARIF outputs stay safe to upload.
 */
import { CREDENTIAL_KEYS } from "../policies/security/credentialSecret";

/** What a plain-text credential reads as in reports. */
export const HIDDEN = "[redacted]";

/** A copy of `value` with the values of credential-named keys (kubeconfig, token, password, ...) hidden. */
export function hideCredentials(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(hideCredentials);
  }
  if (value === null || typeof value !== "object") {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      CREDENTIAL_KEYS.includes(k.toLowerCase()) && typeof v === "string" && v !== "[secret]"
        ? HIDDEN
        : hideCredentials(v),
    ]),
  );
}

/** Resources with their inputs' plain-text credentials hidden. */
export function withCredentialsHidden<T extends { inputs: Record<string, unknown> }>(
  resources: readonly T[],
): T[] {
  return resources.map((r) => ({
    ...r,
    inputs: hideCredentials(r.inputs) as Record<string, unknown>,
  }));
}

/**
 * Keeping secret values out of messages. Under `pulumi up` the program sees secrets decrypted, and
 * a config error that quotes the value found would print them; in review a kubeconfig written as a
 * plain map holds a token all the same. Every message a config problem prints goes through
 * {@link scrubSecrets} with the secret strings {@link secretStrings} found.
 */

/** What a message shows in place of a secret. */
export const SECRET_SHOWN = "[secret]";

/** Keys whose values are credentials, whatever their shape (`kubeconfig`, `token`, `password`, ...). */
const CREDENTIAL_KEY =
  /(kubeconfig|token|password|passwd|secret|private[-_]?key|client[-_]?key|credential|api[-_]?key|bearer)/i;

/** Whether a key names a credential. */
export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEY.test(key);
}

/** Whether a value is a Pulumi `secure:` map (alone, or with sibling keys, which Pulumi refuses). */
export function isSecureMap(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.prototype.hasOwnProperty.call(value, "secure")
  );
}

/**
 * Every string inside `value` that is secret: all of it when `secret` is true (a key Pulumi marks
 * secret), otherwise the strings under credential keys and inside `secure:` maps. Very short strings
 * (under 4 characters) are left out: they would scrub ordinary words from messages.
 */
export function secretStrings(
  value: unknown,
  secret = false,
  out: Set<string> = new Set(),
): Set<string> {
  if (typeof value === "string") {
    if (secret && value.length >= 4) {
      out.add(value);
    }
    return out;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    if (secret && String(value).length >= 4) {
      out.add(String(value));
    }
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((v) => secretStrings(v, secret, out));
    return out;
  }
  if (value !== null && typeof value === "object") {
    const all = secret || isSecureMap(value);
    for (const [k, v] of Object.entries(value)) {
      secretStrings(v, all || isCredentialKey(k), out);
    }
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Characters of a secret's start that, found in a message, count as the secret (messages cut long values). */
const PREFIX = 12;

/**
 * `message` with every secret replaced by {@link SECRET_SHOWN}: the secret itself, its JSON-escaped
 * form, and a cut-off rendering of a long one (`show()` cuts values at 57 characters).
 */
export function scrubSecrets(message: string, secrets: ReadonlySet<string>): string {
  let out = message;
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  for (const s of sorted) {
    for (const form of new Set([s, JSON.stringify(s).slice(1, -1)])) {
      out = out.split(form).join(SECRET_SHOWN);
      if (form.length > PREFIX) {
        out = out.replace(
          new RegExp(`${escapeRegExp(form.slice(0, PREFIX))}[^\\s"]*`, "g"),
          SECRET_SHOWN,
        );
      }
    }
  }
  return out;
}

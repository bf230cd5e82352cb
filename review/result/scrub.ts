/**
 * Nothing secret leaves: every report (terminal, Markdown, JSON, SARIF) is built from a review that
 * went through {@link scrubCredentials}. Pulumi secrets already read `[secret]`; this hides what the
 * input carried in plain text, wherever it sits: credential-named keys at any depth (a kubeconfig
 * object in the stack outputs, `secretString`, a provider's `token`), Kubernetes Secret data, and
 * credentials inside strings (URLs with `token=`/`sig=`/a password, PEM private keys, bearer tokens,
 * JWTs, `password: x` in embedded YAML or JSON).
 */

/** What a hidden credential reads as. */
export const HIDDEN = "[redacted]";

/** Already safe: Pulumi's secret marker, our own marker and the unknown sentinel. */
const SAFE = new Set(["[secret]", HIDDEN, "04da6b54-80e4-46f7-96ec-b56ff0331ba9", ""]);

/** Key names (lower case, letters and digits only) whose values are hidden whatever their shape. */
const WHOLE_KEYS = new Set([
  "kubeconfig",
  "kubeconfigjson",
  "credentials",
  "credential",
  "stringdata",
  "dockerconfigjson",
  "serviceaccountkey",
  "privatekey",
  "secretstring",
  "secretbinary",
]);

/** Key name endings whose string values are hidden. */
const KEY_ENDINGS = [
  "password",
  "passwd",
  "passphrase",
  "token",
  "secret",
  "secretkey",
  "secretaccesskey",
  "privatekey",
  "privatekeypem",
  "apikey",
  "accountkey",
  "sharedkey",
  "clientkey",
  "clientkeydata",
  "connectionstring",
  "sastoken",
  "authkey",
];

/** Keys that end like a credential but name something public. */
const NOT_CREDENTIAL = new Set(["tokenendpoint", "secretname", "secretref", "secrettoken_url"]);

const normal = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Whether a key names a credential. */
export function isCredentialKey(key: string): boolean {
  const k = normal(key);
  if (NOT_CREDENTIAL.has(k)) {
    return false;
  }
  return WHOLE_KEYS.has(k) || KEY_ENDINGS.some((e) => k.endsWith(e));
}

/** Credentials inside a string, each replaced by what precedes it plus {@link HIDDEN}. */
const IN_STRING: ReadonlyArray<[RegExp, string]> = [
  // PEM private keys.
  [
    /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g,
    `-----BEGIN $1PRIVATE KEY-----${HIDDEN}-----END $1PRIVATE KEY-----`,
  ],
  // URL userinfo: scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, `$1:${HIDDEN}@`],
  // Query parameters that carry credentials (token=, access_token=, sig=, X-Amz-Signature=, ...).
  [
    /([?&;](?:[a-z_-]*token|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|password|passwd|pwd|secret|api[_-]?key|apikey|key|code)=)[^&#\s"']+/gi,
    `$1${HIDDEN}`,
  ],
  // Authorization headers.
  [/\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${HIDDEN}`],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, HIDDEN],
  // Well-known token shapes: GitHub, Slack, Google API keys, AWS secret access key assignments.
  [
    /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{30,})/g,
    HIDDEN,
  ],
  // key: value / key = value / "key": "value" with a credential-named key (YAML, INI, JSON in a string).
  [
    /((?:^|[\s{,;"'])["']?(?:[A-Za-z0-9_-]*(?:password|passwd|passphrase|token|secret|secret[_-]?access[_-]?key|private[_-]?key|api[_-]?key|client[_-]?key[_-]?data|account[_-]?key))["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;"'}]+)/gi,
    `$1${HIDDEN}`,
  ],
];

/** A string with the credentials inside it hidden; the same string when there are none. */
export function scrubString(s: string): string {
  if (SAFE.has(s) || s.length < 8) {
    return s;
  }
  let out = s;
  for (const [re, replacement] of IN_STRING) {
    out = out.replace(re, replacement);
  }
  // A key: value pair whose value was already a marker stays as it was.
  return out.replace(MARKED_TWICE, "$1");
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A marker hidden again by the key: value rule. */
const MARKED_TWICE = new RegExp(`${escape(HIDDEN)}(\\[secret\\]|${escape(HIDDEN)})`, "g");

function hideValue(v: unknown): unknown {
  if (typeof v === "string") {
    return SAFE.has(v) ? v : HIDDEN;
  }
  if (v === null || typeof v === "boolean" || typeof v === "number") {
    return v;
  }
  return HIDDEN;
}

/** Whether an object is a Kubernetes Secret (its manifest, or a resource of that type). */
function isKubernetesSecret(o: Record<string, unknown>): boolean {
  return (
    (o.kind === "Secret" && typeof o.apiVersion === "string") ||
    (typeof o.type === "string" && /^kubernetes:core\/v1:Secret(List)?$/.test(o.type))
  );
}

/**
 * `value` with every credential hidden: a copy of the parts that change, the value itself where
 * nothing does (a fleet-sized review is not copied for nothing).
 */
export function scrubCredentials<T>(value: T): T {
  return scrub(value, false) as T;
}

function scrub(value: unknown, inSecret: boolean): unknown {
  if (typeof value === "string") {
    return scrubString(value);
  }
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (Array.isArray(value)) {
    let changed: unknown[] | undefined;
    value.forEach((v, i) => {
      const s = scrub(v, inSecret);
      if (s !== v) {
        changed ??= [...value];
        changed[i] = s;
      }
    });
    return changed ?? value;
  }
  const obj = value as Record<string, unknown>;
  const secret = inSecret || isKubernetesSecret(obj);
  let changed: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(obj)) {
    let s: unknown;
    if (isCredentialKey(k)) {
      s = WHOLE_KEYS.has(normal(k)) || typeof v !== "object" ? hideValue(v) : hideAll(v);
    } else if (
      secret &&
      (k === "data" || k === "binaryData") &&
      v !== null &&
      typeof v === "object"
    ) {
      s = hideAll(v);
    } else {
      s = scrub(v, secret);
    }
    if (s !== v) {
      changed ??= { ...obj };
      changed[k] = s;
    }
  }
  return changed ?? value;
}

/** Every leaf of a credential-holding object hidden, keys kept (they say what is there). */
function hideAll(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(hideAll);
  }
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hideAll(x)]));
  }
  return hideValue(v);
}

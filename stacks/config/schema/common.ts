/** Building blocks shared by the stack config schemas of every area. */
import { z } from "zod";

/** The config namespace: the Pulumi project name. */
export const CONFIG_NAMESPACE = "hybrid-ai";

/** A name that is safe as a resource name, a Kubernetes label value and a GCP label value. */
export const resourceName = z.string().regex(/^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/, {
  error:
    "must be 1-40 lower-case letters, digits or '-', starting with a letter and not ending with '-'",
});

/** A boolean, also as the strings `pulumi config set --path` may store. */
export const flag = z.preprocess(
  (v) => (v === "true" ? true : v === "false" ? false : v),
  z.boolean(),
);

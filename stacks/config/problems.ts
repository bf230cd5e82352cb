/**
 * Config problems: where in the stack file, which key, what is wrong. SDK-free: the CLI reports them
 * without loading Pulumi (StackConfigError, the `pulumi up` form, is in ./load).
 */

/** One config problem, located in the stack file when possible. */
export interface ConfigProblem {
  /** Stack file, relative to the working directory. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Full key path, `hybrid-ai:clusters[0].gpuPools[1].maxNodes`. */
  readonly key: string;
  readonly message: string;
}

/** Renders a problem as `stacks/Pulumi.dev.yaml:14:9: hybrid-ai:clusters[0].name must be ...`. */
export function formatConfigProblem(p: ConfigProblem): string {
  const where =
    p.file === undefined
      ? ""
      : `${p.file}${p.line === undefined ? "" : `:${p.line}:${p.column ?? 1}`}: `;
  return `${where}${p.key} ${p.message}`;
}

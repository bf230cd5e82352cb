/** Finds the Pulumi project and its stacks. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { UsageError } from "../errors";

/** A Pulumi project on disk. */
export interface Project {
  readonly root: string;
  readonly name: string;
  /** Folder of the `Pulumi.<stack>.yaml` files. */
  readonly stacksDir: string;
}

/** The project whose Pulumi.yaml is in `start` or the nearest folder above it. */
export function findProject(start: string = process.cwd()): Project {
  let dir = path.resolve(start);
  for (;;) {
    const file = path.join(dir, "Pulumi.yaml");
    if (fs.existsSync(file)) {
      const doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as {
        name?: unknown;
        stackConfigDir?: unknown;
      };
      if (typeof doc.name !== "string") {
        throw new UsageError(`${file}: \`name\` is missing; a Pulumi project needs a name`);
      }
      const stacksDir = path.join(
        dir,
        typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : ".",
      );
      return { root: dir, name: doc.name, stacksDir };
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new UsageError(
        `no Pulumi.yaml in ${path.resolve(start)} or any folder above it; run hai inside the project`,
      );
    }
    dir = parent;
  }
}

/** Stack names that have a `Pulumi.<stack>.yaml` file. */
export function listStacks(project: Project): string[] {
  return fs
    .readdirSync(project.stacksDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** The stack file of `stack`, or a usage error naming the stacks there are. */
export function stackFile(project: Project, stack: string): string {
  const file = path.join(project.stacksDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const known = listStacks(project);
    throw new UsageError(
      `no stack ${JSON.stringify(stack)}: ${path.relative(process.cwd(), file)} does not exist` +
        (known.length > 0 ? `; stacks: ${known.join(", ")}` : ""),
    );
  }
  return file;
}

/**
 * The offline engine against real programs run by Pulumi's own runtime (`@pulumi/pulumi/cmd/run` in
 * its own process), one process start per program, shared by the tests of that program.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { findProject, stackConfigMap } from "../review/run/project";
import { runProgram, type ProgramRun } from "../review/engine/run";
import { SECRET_MARKER, UNKNOWN } from "../model/contracts";
import { ROOT } from "./helpers";

const PROGRAMS = path.join(ROOT, "test", "fixtures", "programs");

function run(program: string, stack: string): Promise<ProgramRun> {
  const project = findProject(path.join(PROGRAMS, program));
  const { config, secretKeys } = stackConfigMap(project, stack);
  return runProgram({ project, stack, config, secretKeys });
}

function named(r: ProgramRun, name: string) {
  const found = r.resources.filter((x) => x.name === name);
  expect(found, name).toHaveLength(1);
  return found[0];
}

describe("a program's registrations, as Pulumi's engine records them", () => {
  let graph: ProgramRun;
  beforeAll(async () => {
    graph = await run("graph", "test");
  }, 60_000);

  it("builds URNs as the engine does: ancestors' types qualify the type, the root stack's not", () => {
    const stack = graph.resources[0];
    expect(stack).toMatchObject({ type: "pulumi:pulumi:Stack", name: "graph-test", custom: false });
    expect(stack.urn).toBe("urn:pulumi:test::graph::pulumi:pulumi:Stack::graph-test");
    expect(named(graph, "thing").urn).toBe("urn:pulumi:test::graph::hybrid-ai:test:Thing::thing");
    expect(named(graph, "role").urn).toBe(
      "urn:pulumi:test::graph::hybrid-ai:test:Thing$aws:iam/role:Role::role",
    );
    expect(named(graph, "inner").urn).toBe(
      "urn:pulumi:test::graph::hybrid-ai:test:Thing$hybrid-ai:test:Inner$aws:iam/role:Role::inner",
    );
  });

  it("records parent, provider reference `urn::id`, dependencies and options", () => {
    const role = named(graph, "role");
    expect(role.parent).toBe(named(graph, "thing").urn);
    expect(named(graph, "thing").parent).toBe(graph.resources[0].urn);
    expect(role.provider).toBe(`${named(graph, "p").urn}::p-id`);
    expect(role).toMatchObject({ custom: true, protect: true, id: "role-id" });
    expect(role.options?.ignoreChanges).toEqual(["tags"]);
    expect(role.inputs).toEqual({ assumeRolePolicy: "{}", description: "a role" });
    expect(named(graph, "inner").dependencies).toEqual([role.urn]);
    expect(named(graph, "thing").custom).toBe(false);
  });

  it("marks secrets (config `secure:` values included) and never records their values", () => {
    const secret = named(graph, "secret");
    expect(secret.inputs.description).toBe(SECRET_MARKER);
    expect(secret.secretPaths).toEqual(["description"]);
    expect(named(graph, "thing").outputs).toEqual({ roleName: "role", password: SECRET_MARKER });
    expect(JSON.stringify(graph)).not.toContain("hunter2");
  });

  it("keeps preview-time unknowns unknown, as the engine does in a dry run", () => {
    const secret = named(graph, "secret");
    expect(secret.inputs.permissionsBoundary).toBe(UNKNOWN);
    expect(secret.unknownPaths).toEqual(["permissionsBoundary"]);
  });

  it("records reads apart and answers invokes with the cloud stand-ins", () => {
    expect(named(graph, "existing")).toMatchObject({ read: true, id: "existing-role-id" });
    expect(graph.outputs.account).toBe("123456789012");
    expect(graph.outputs.roleArn).toBe("arn:aws:iam::123456789012:role/role");
  });
});

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { REDACTED } from "../review/run/capture";
import { waitForRPCs, withLocalStorage } from "../review/run/sdkInternals";
import { capture, named } from "./helpers";

describe("capture harness", () => {
  it("finds the SDK internals it depends on (fails loudly if @pulumi/pulumi moves them)", () => {
    expect(typeof waitForRPCs).toBe("function");
    expect(typeof withLocalStorage).toBe("function");
  });

  it("records URN, type, name, parent, provider and inputs like the engine names them", async () => {
    const c = await capture(() => {
      const provider = new aws.Provider("p", { region: "us-west-2" });
      const parent = new pulumi.ComponentResource("hybrid-ai:test:Thing", "thing");
      new aws.iam.Role("role", { assumeRolePolicy: "{}" }, { parent, provider });
      const inner = new pulumi.ComponentResource(
        "hybrid-ai:test:Inner",
        "inner-component",
        {},
        { parent },
      );
      new aws.iam.Role("inner", { assumeRolePolicy: "{}" }, { parent: inner, provider });
    });
    const stack = c.resources[0];
    expect(stack.type).toBe("pulumi:pulumi:Stack");
    expect(stack.urn).toBe("urn:pulumi:test::hybrid-ai::pulumi:pulumi:Stack::hybrid-ai-test");
    const role = named(c, "role");
    const thing = named(c, "thing");
    expect(role.urn).toBe(
      "urn:pulumi:test::hybrid-ai::hybrid-ai:test:Thing$aws:iam/role:Role::role",
    );
    // As the engine names them: the root stack's type is left out, every other ancestor's kept.
    expect(thing.urn).toBe("urn:pulumi:test::hybrid-ai::hybrid-ai:test:Thing::thing");
    expect(named(c, "inner").urn).toBe(
      "urn:pulumi:test::hybrid-ai::hybrid-ai:test:Thing$hybrid-ai:test:Inner$aws:iam/role:Role::inner",
    );
    expect(role.parent).toBe(thing.urn);
    expect(thing.parent).toBe(stack.urn);
    expect(role.provider).toBe(`${named(c, "p").urn}::p-id`);
    expect(role.inputs).toEqual({ assumeRolePolicy: "{}" });
    expect(role.custom).toBe(true);
    expect(thing.custom).toBe(false);
  });

  it("redacts secrets in inputs and outputs and records where they were", async () => {
    const c = await captureWithOutputs();
    const role = named(c, "role");
    expect(role.inputs.description).toBe(REDACTED);
    expect(role.secretPaths).toEqual(["description"]);
    expect(JSON.stringify(c)).not.toContain("hunter2");
  });

  it("keeps runs apart: a second run sees only its own resources and config", async () => {
    const program = () => {
      new aws.iam.Role(new pulumi.Config("hybrid-ai").require("name"), { assumeRolePolicy: "{}" });
    };
    const [a, b] = await Promise.all([
      capture(program, { "hybrid-ai:name": "first" }, "one"),
      capture(program, { "hybrid-ai:name": "second" }, "two"),
    ]);
    expect(a.resources.map((r) => r.name)).toEqual(["hybrid-ai-one", "first"]);
    expect(b.resources.map((r) => r.name)).toEqual(["hybrid-ai-two", "second"]);
  });

  it("rejects with the program's own error and leaves no unhandled rejection", async () => {
    await expect(
      capture(() => {
        new aws.iam.Role("ok", { assumeRolePolicy: "{}" });
        throw new Error("program failed");
      }),
    ).rejects.toThrow("program failed");
  });
});

function captureWithOutputs() {
  return capture(() => {
    new aws.iam.Role("role", { assumeRolePolicy: "{}", description: pulumi.secret("hunter2") });
  });
}

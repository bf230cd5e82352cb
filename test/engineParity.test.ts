/**
 * Before the in-process capture goes: the offline engine (the program run by Pulumi's own runtime in
 * its own process) records every example stack resource for resource as the in-process mock capture
 * did: URN, type, name, parent, provider, inputs, secrets, dependencies, protect, component outputs.
 */
import { describe, expect, it } from "vitest";
import { captureProgram } from "../review/run/capture";
import { findProject, stackConfigMap } from "../review/run/project";
import { runStackOffline } from "../review/run/stack";
import { hybridAiProgram } from "../stacks/program";
import type { CapturedResource } from "../model/graph";
import { ROOT } from "./helpers";

const fields = (r: CapturedResource) => ({
  urn: r.urn,
  type: r.type,
  name: r.name,
  custom: r.custom,
  parent: r.parent,
  provider: r.provider,
  inputs: r.inputs,
  secretPaths: r.secretPaths,
  dependencies: r.dependencies,
  protect: r.protect,
  outputs: r.outputs,
});
const byUrn = (a: { urn: string }, b: { urn: string }) => a.urn.localeCompare(b.urn);

describe("the offline engine against the in-process capture", () => {
  for (const stack of ["dev", "prod", "edge-retail", "dr-rehearsal"]) {
    it(`records the ${stack} stack resource for resource`, async () => {
      const project = findProject(ROOT);
      const viaEngine = await runStackOffline({ stack, project });
      const { config, secretKeys } = stackConfigMap(project, stack);
      const inProcess = await captureProgram({
        project: project.name,
        stack,
        config,
        secretKeys,
        program: (drain) =>
          hybridAiProgram({ drain }) as unknown as Promise<Record<string, unknown>>,
      });
      const a = inProcess.resources.map(fields).sort(byUrn);
      const b = viaEngine.capture.resources.map(fields).sort(byUrn);
      expect(b.length).toBeGreaterThan(30);
      expect(JSON.parse(JSON.stringify(b))).toEqual(JSON.parse(JSON.stringify(a)));
      expect(viaEngine.capture.outputs).toEqual(JSON.parse(JSON.stringify(inProcess.outputs)));
    }, 120_000);
  }
});

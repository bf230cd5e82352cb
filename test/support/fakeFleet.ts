/**
 * A fake Automation API workspace for rollouts, and a fake Prometheus that is a real HTTP server on
 * 127.0.0.1. Used by the rollout tests and `bench/rollout.ts`.
 *
 * The fake stack's `up` does what the stack program does with a group stack's config: composes the
 * sites of `hybrid-ai:edgeSites` and exports each one's `rollout` output with the same
 * `siteRolloutOutput` the program uses; nothing else.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { FleetSite, ModelSpec } from "../../model/rollout/plan";
import {
  GROUP_STACK_KEYS,
  siteRolloutOutput,
  type ConfigEntries,
  type SiteRolloutOutput,
} from "../../model/rollout/stacks";
import type { RolloutStack, RolloutWorkspace, StackUpdate } from "../../review/rollout/workspace";

/** A fleet of `count` sites in groups of `perGroup`, each serving one model at `revision`. */
export function generatedFleet(
  count: number,
  perGroup: number,
  revision: string,
): { sites: FleetSite[]; config: ConfigEntries } {
  const sites: FleetSite[] = [];
  for (let i = 0; i < count; i++) {
    sites.push({
      name: `store-${String(i + 1).padStart(4, "0")}`,
      group: `g${String(Math.floor(i / perGroup) + 1).padStart(3, "0")}`,
      models: [chatModel(revision)],
    });
  }
  return { sites, config: fleetConfigOf(sites) };
}

/** The support-chat model at a revision. */
export function chatModel(revision: string): ModelSpec {
  return {
    name: "support-chat",
    server: "vllm",
    image: "vllm/vllm-openai:v0.6.3",
    model: "meta-llama/Llama-3.1-8B-Instruct",
    revision,
    gpus: 1,
  };
}

/** The fleet stack's decrypted config for `sites` (kubeconfigs decrypted, as getAllConfig gives them). */
export function fleetConfigOf(sites: readonly FleetSite[]): ConfigEntries {
  return {
    "hybrid-ai:owner": { value: "retail-ml" },
    "hybrid-ai:costCenter": { value: "cc-5120" },
    "hybrid-ai:environment": { value: "staging" },
    "hybrid-ai:clusters": { value: "[]" },
    "hybrid-ai:rollout": { value: '{"soakMinutes":30}' },
    "hybrid-ai:edgeSites": {
      value: JSON.stringify(
        sites.map((s) => ({
          name: s.name,
          group: s.group,
          kubeconfig: `apiVersion: v1 # kubeconfig of ${s.name}`,
          location: "eu-central",
          hardware: "nvidia-l4",
          models: s.models,
        })),
      ),
      secret: true,
    },
  };
}

/** One recorded call on the fake workspace. */
export type FakeCall =
  | { op: "open"; stack: string }
  | { op: "config"; stack: string; config: ConfigEntries }
  | { op: "up"; stack: string; message?: string; sites: Record<string, string> }
  | { op: "cancel"; stack: string };

/** A fake backend holding group stacks; survives across runs like Pulumi's backend would. */
export class FakeBackend {
  readonly calls: FakeCall[] = [];
  readonly stacks = new Map<
    string,
    { config: ConfigEntries; outputs: Record<string, { value: unknown }>; history: StackUpdate[] }
  >();
  /** Stacks whose next `up` fails with this message. */
  readonly failUp = new Map<string, string>();
  /** Called at the start of every `up`; may hold it (returns a promise). */
  onUp?: (stack: string) => Promise<void> | void;
  /** Whether to record calls (off for the bench: memory stays flat). */
  record = true;
  /** Updates running now, and the most at once. */
  running = 0;
  maxRunning = 0;

  constructor(
    readonly fleetConfig: ConfigEntries,
    readonly clock: { now: number },
  ) {}

  /** Seeds a group stack as if an earlier `pulumi up` had deployed `sites` in it. */
  seed(stack: string, sites: readonly FleetSite[]): void {
    const edgeSites: Record<string, { rollout: SiteRolloutOutput }> = {};
    for (const s of sites) {
      edgeSites[s.name] = { rollout: { models: s.models } };
    }
    this.stacks.set(stack, {
      config: {},
      outputs: { edgeSites: { value: edgeSites } },
      history: [
        {
          kind: "update",
          result: "succeeded",
          startTime: new Date(this.clock.now - 86_400_000),
          endTime: new Date(this.clock.now - 86_400_000),
        },
      ],
    });
  }

  /** What a site runs now according to its group stack's outputs. */
  deployed(site: string): SiteRolloutOutput | undefined {
    for (const s of this.stacks.values()) {
      const edge = s.outputs.edgeSites?.value as
        Record<string, { rollout: SiteRolloutOutput }> | undefined;
      if (edge?.[site] !== undefined) {
        return edge[site].rollout;
      }
    }
    return undefined;
  }

  ups(): Array<Extract<FakeCall, { op: "up" }>> {
    return this.calls.filter((c): c is Extract<FakeCall, { op: "up" }> => c.op === "up");
  }

  workspace(): RolloutWorkspace {
    return workspaceOf(this);
  }
}

function workspaceOf(backend: FakeBackend): RolloutWorkspace {
  const log = (c: FakeCall) => {
    if (backend.record) {
      backend.calls.push(c);
    }
  };
  return {
    async fleetConfig() {
      return backend.fleetConfig;
    },
    async openStack(name) {
      log({ op: "open", stack: name });
      if (!backend.stacks.has(name)) {
        backend.stacks.set(name, { config: {}, outputs: {}, history: [] });
      }
      const state = backend.stacks.get(name)!;
      const stack: RolloutStack = {
        name,
        async setAllConfig(config) {
          log({ op: "config", stack: name, config });
          state.config = config;
        },
        async up(options) {
          backend.running += 1;
          backend.maxRunning = Math.max(backend.maxRunning, backend.running);
          try {
            await backend.onUp?.(name);
            const failure = backend.failUp.get(name);
            const sites = JSON.parse(
              state.config[GROUP_STACK_KEYS.edgeSites]?.value ?? "[]",
            ) as Array<{
              name: string;
              models: ModelSpec[];
            }>;
            log({
              op: "up",
              stack: name,
              message: options?.message,
              sites: Object.fromEntries(
                sites.map((s) => [
                  s.name,
                  s.models.map((m) => `${m.name}@${m.revision}`).join(","),
                ]),
              ),
            });
            const started = new Date(backend.clock.now);
            if (failure !== undefined) {
              backend.failUp.delete(name);
              state.history.unshift({
                kind: "update",
                result: "failed",
                startTime: started,
                endTime: started,
              });
              throw new Error(`code: 255\n stdout: \n stderr: error: ${failure}\n`);
            }
            const records = JSON.parse(
              state.config[GROUP_STACK_KEYS.rolloutRecord]?.value ?? "{}",
            ) as Record<string, unknown>;
            const edgeSites: Record<string, { rollout: SiteRolloutOutput }> = {};
            for (const s of sites) {
              edgeSites[s.name] = { rollout: siteRolloutOutput(s.models, records, s.name) };
            }
            state.outputs = { edgeSites: { value: edgeSites } };
            state.history.unshift({
              kind: "update",
              result: "succeeded",
              startTime: started,
              endTime: started,
            });
            return { outputs: state.outputs };
          } finally {
            backend.running -= 1;
          }
        },
        async outputs() {
          return state.outputs;
        },
        async history(pageSize = 10) {
          return state.history.slice(0, pageSize);
        },
        async cancel() {
          log({ op: "cancel", stack: name });
        },
      };
      return stack;
    },
  };
}

/** How a fake site's Prometheus answers. */
export interface FakeSiteMetrics {
  errorRatePercent?: number;
  p95LatencyMs?: number;
  /** The site's uplink is down: connections are reset. */
  offline?: boolean;
}

/**
 * A Prometheus for many sites on one port: `http://127.0.0.1:<port>/<site>` is a site's address.
 * Answers `/-/ready` and `/api/v1/query` in Prometheus' documented JSON; records every query.
 */
export async function fakePrometheus(metrics: (site: string) => FakeSiteMetrics): Promise<{
  url: string;
  queries: Array<{ site: string; query: string }>;
  close: () => Promise<void>;
}> {
  const queries: Array<{ site: string; query: string }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [, site, ...rest] = url.pathname.split("/");
    const m = metrics(site);
    if (m.offline) {
      req.socket.destroy();
      return;
    }
    const route = `/${rest.join("/")}`;
    if (route === "/-/ready") {
      res.writeHead(200, { "content-type": "text/plain" }).end("Prometheus Server is Ready.\n");
      return;
    }
    if (route !== "/api/v1/query") {
      res.writeHead(404).end();
      return;
    }
    const query = url.searchParams.get("query") ?? "";
    queries.push({ site, query });
    const value = query.includes("histogram_quantile") ? m.p95LatencyMs : m.errorRatePercent;
    const body = {
      status: "success",
      data: {
        resultType: "vector",
        result: value === undefined ? [] : [{ metric: {}, value: [1764480000.123, String(value)] }],
      },
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/{site}`,
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A fleet stack file of `count` sites in groups of `perGroup`, each serving `support-chat` at
 * `revision` (the first `changed` sites at `changedRevision`), kubeconfigs as `secure:` values.
 */
export function fleetStackYaml(
  count: number,
  perGroup: number,
  revision: string,
  changed = 0,
  changedRevision = revision,
): string {
  const lines = [
    "# Generated: a fleet of edge stores for rollout tests and the bench.",
    "config:",
    "  hybrid-ai:environment: staging",
    "  hybrid-ai:owner: retail-ml",
    "  hybrid-ai:costCenter: cc-5120",
    "  hybrid-ai:clusters:",
    "    - name: gcp-euw4",
    "      cloud: gcp",
    "      region: europe-west4",
    "      project: acme-retail-ml",
    "      existingClusterName: retail-fallback",
    "      gpuPools:",
    "        - { name: fallback-l4, gpu: l4, minNodes: 0, maxNodes: 2, zones: [europe-west4-a] }",
    "  hybrid-ai:rollout:",
    "    waves: [{ sites: 1 }, { percent: 25 }, { percent: 100 }]",
    "    soakMinutes: 30",
    "    gates: { maxErrorRatePercent: 1, maxP95LatencyMs: 800 }",
    "    prometheusUrl: https://prometheus.{site}.edge.acme.example",
    "  hybrid-ai:edgeSites:",
  ];
  for (let i = 0; i < count; i++) {
    const name = `store-${String(i + 1).padStart(4, "0")}`;
    lines.push(
      `    - name: ${name}`,
      `      group: g${String(Math.floor(i / perGroup) + 1).padStart(3, "0")}`,
      "      kubeconfig: { secure: v1:c2l0ZS1rdWJlY29uZmlnLWNpcGhlcnRleHQ= }",
      "      location: eu-central",
      "      hardware: nvidia-l4",
      "      models:",
      "        - name: support-chat",
      "          server: vllm",
      "          image: vllm/vllm-openai:v0.6.3",
      "          model: meta-llama/Llama-3.1-8B-Instruct",
      `          revision: ${i < changed ? changedRevision : revision}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Where the offline engine puts what it records: in memory (a review), or streamed to a JSON Lines
 * file as it arrives, so memory stays flat however many resources a program registers.
 */
import * as fs from "node:fs";
import type { CapturedResource } from "../../model/graph";
import type { ResourceSink } from "./monitor";

/** Keeps nothing: for runs whose registrations are not wanted (the SDK floor, a rerun for a message). */
export const DISCARD: ResourceSink = { add: () => undefined, outputs: () => undefined };

/** Keeps every resource, in registration order; component outputs are set on their resource. */
export class MemorySink implements ResourceSink {
  readonly resources: CapturedResource[] = [];
  /** Outputs of the root stack resource. */
  stackOutputs: Record<string, unknown> = {};
  private readonly byUrn = new Map<string, CapturedResource>();

  add(resource: CapturedResource): void {
    this.resources.push(resource);
    if (!resource.custom) {
      this.byUrn.set(resource.urn, resource);
    }
  }

  outputs(urn: string, outputs: Record<string, unknown>): void {
    const resource = this.byUrn.get(urn);
    if (resource === undefined) {
      return;
    }
    resource.outputs = outputs;
    if (resource.parent === undefined) {
      this.stackOutputs = outputs;
    }
  }
}

/**
 * Writes one JSON line per event: `{"resource": ...}` per registration and `{"outputs": {urn, outputs}}`
 * per component outputs. Lines are buffered and written in blocks.
 */
export class JsonLinesSink implements ResourceSink {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;
  count = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, "w");
  }

  add(resource: CapturedResource): void {
    this.count++;
    this.push(JSON.stringify({ resource }));
  }

  outputs(urn: string, outputs: Record<string, unknown>): void {
    this.push(JSON.stringify({ outputs: { urn, outputs } }));
  }

  private push(line: string): void {
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 1 << 16) {
      this.flush();
    }
  }

  flush(): void {
    if (this.buffer.length > 0) {
      fs.writeSync(this.fd, this.buffer.join("\n") + "\n");
      this.buffer = [];
      this.size = 0;
    }
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** Reads a file {@link JsonLinesSink} wrote back into resources, outputs set on their components. */
export function readJsonLines(file: string): MemorySink {
  const sink = new MemorySink();
  const text = fs.readFileSync(file, "utf8");
  for (const line of text.split("\n")) {
    if (line === "") {
      continue;
    }
    const event = JSON.parse(line) as {
      resource?: CapturedResource;
      outputs?: { urn: string; outputs: Record<string, unknown> };
    };
    if (event.resource !== undefined) {
      sink.add(event.resource);
    } else if (event.outputs !== undefined) {
      sink.outputs(event.outputs.urn, event.outputs.outputs);
    }
  }
  return sink;
}

/**
 * What `hai rehearse --live` needs before it creates anything: the Pulumi CLI, a backend it is logged
 * in to, and credentials for each cloud the rehearsal stack deploys to. Checked first, all at once,
 * so a game day that cannot start says why (exit 2) instead of failing halfway; and a question before
 * paid resources are created, unless `--yes`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";

/** Runs a command; tests pass their own. */
export type Runner = (
  command: string,
  args: readonly string[],
) => { code: number | null; stdout: string; stderr: string; missing?: boolean };

export const runCommand: Runner = (command, args) => {
  const r = spawnSync(command, [...args], { encoding: "utf8", timeout: 30_000 });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", missing };
};

export interface PrerequisiteOptions {
  /** Clouds the rehearsal stack deploys to. */
  readonly clouds: readonly string[];
  readonly projectDir: string;
  readonly run?: Runner;
  readonly env?: NodeJS.ProcessEnv;
  readonly exists?: (file: string) => boolean;
  readonly home?: string;
}

/** What was found, and what is missing (empty when the rehearsal can start). */
export interface Prerequisites {
  readonly found: string[];
  readonly problems: string[];
}

/** Checks the Pulumi CLI, its backend login and the clouds' credentials. */
export function checkLivePrerequisites(options: PrerequisiteOptions): Prerequisites {
  const run = options.run ?? runCommand;
  const env = options.env ?? process.env;
  const exists = options.exists ?? fs.existsSync;
  const home = options.home ?? os.homedir();
  const found: string[] = [];
  const problems: string[] = [];

  const version = run("pulumi", ["version"]);
  if (version.missing || version.code !== 0) {
    problems.push(
      "the Pulumi CLI is not on PATH: install it (https://www.pulumi.com/docs/install/) and run again",
    );
  } else {
    found.push(`Pulumi CLI ${version.stdout.trim()}`);
    const who = run("pulumi", [
      "whoami",
      "--verbose",
      "--non-interactive",
      "--cwd",
      options.projectDir,
    ]);
    if (who.code !== 0) {
      const why = (who.stderr || who.stdout).trim().split("\n")[0] ?? "";
      problems.push(
        `no Pulumi backend: run \`pulumi login\` (or \`pulumi login --local\`, or set PULUMI_BACKEND_URL)${why ? ` (${why})` : ""}`,
      );
    } else {
      const url = /Backend URL:\s*(\S+)/i.exec(who.stdout)?.[1];
      found.push(`Pulumi backend ${url ?? who.stdout.trim().split("\n")[0]}`);
    }
  }

  for (const cloud of [...new Set(options.clouds)].sort()) {
    if (cloud === "aws") {
      const fromEnv =
        (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
        env.AWS_PROFILE ||
        env.AWS_WEB_IDENTITY_TOKEN_FILE ||
        env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
        env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
      const files =
        exists(env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, ".aws", "credentials")) ||
        exists(env.AWS_CONFIG_FILE ?? path.join(home, ".aws", "config"));
      if (fromEnv || files) {
        found.push(`AWS credentials (${fromEnv ? "environment" : "~/.aws"})`);
      } else {
        problems.push(
          "no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws configure`",
        );
      }
    } else if (cloud === "gcp") {
      const adc =
        env.GOOGLE_APPLICATION_CREDENTIALS ??
        env.GOOGLE_CREDENTIALS ??
        path.join(
          env.CLOUDSDK_CONFIG ?? path.join(home, ".config", "gcloud"),
          "application_default_credentials.json",
        );
      if (
        env.GOOGLE_OAUTH_ACCESS_TOKEN ||
        (adc !== undefined && (env.GOOGLE_CREDENTIALS || exists(adc)))
      ) {
        found.push("Google Cloud credentials");
      } else {
        problems.push(
          "no Google Cloud credentials: run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS",
        );
      }
    }
  }
  return { found, problems };
}

/** Asks a yes/no question on the terminal; false unless the answer starts with y. */
export function askYesNo(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<boolean> {
  const rl = readline.createInterface({ input, output });
  return new Promise((resolve) => {
    rl.question(`${question} [y/N] `, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
    rl.on("close", () => resolve(false));
  });
}

#!/usr/bin/env node
// `npm run savings`: for each example stack, what its shutdown schedules and spot capacity save a month
// in dollars, kWh and kg CO2e, as `hai review --json` estimates them (catalog prices, the energy
// catalog's PUE and grid figures). Spot saves dollars only: the same hardware runs the same hours.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const ROOT = path.resolve(__dirname, "..");
const STACKS = (process.env.HAI_SAVINGS_STACKS || "dev,prod,edge-retail,dr-rehearsal").split(",");

const usd = (n) => `$${Math.round(n).toLocaleString("en-US")}`;
const one = (n) => (Math.round(n * 10) / 10).toLocaleString("en-US");
const span = (m, f) =>
  m === undefined ? "unpriced" : m.min === m.max ? f(m.max) : `${f(m.min)}-${f(m.max)}`;

function review(stack, dir) {
  const file = path.join(dir, `${stack}.json`);
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "bin", "hai.js"), "review", "--stack", stack, "--json", file],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  // 0: clean, 1: guardrail findings; both mean the review ran.
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(
      `hai review --stack ${stack} failed (exit ${r.status}):\n${r.stderr.slice(0, 2000)}`,
    );
  }
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hai-savings-"));
  const rows = [];
  const total = { usd: 0, kwh: 0, kg: 0 };
  for (const stack of STACKS) {
    const result = review(stack, dir);
    console.log(
      `${stack}: ${span(result.energy.kwh, one)} kWh, ${span(result.energy.kgCo2e, one)} kg CO2e, ` +
        `${usd(result.cost.monthlyMinUsd)}-${usd(result.cost.monthlyMaxUsd)} a month (min-max size)`,
    );
    for (const s of result.savings) {
      rows.push([stack, s.lever, span(s.usd, usd), span(s.kwh, one), span(s.kgCo2e, one)]);
      total.usd += s.usd ? s.usd.max : 0;
      total.kwh += s.kwh.max;
      total.kg += s.kgCo2e.max;
    }
  }
  const head = ["stack", "lever", "USD/month", "kWh/month", "kg CO2e/month"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log("");
  console.log("What schedules and spot save a month (at min-max size)");
  console.log(line(head));
  for (const r of rows) {
    console.log(line(r));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `At maximum size, together: ${usd(total.usd)}, ${one(total.kwh)} kWh, ${one(total.kg)} kg CO2e a month`,
  );
}

main();

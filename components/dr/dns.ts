/**
 * DNS failover of a `DisasterRecoveryRegion`: Route 53 failover records with health checks, or a
 * Cloud DNS primary-backup routing policy with a health check probing from three regions.
 */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { DisasterRecoveryRegionArgs, ResolvedDns } from "./types";
import { nearestGcpRegion } from "../../model/rules/regions";
import { awsTags } from "../../model/tags";

/** Port the endpoints answer HTTPS health checks on. */
export const HEALTH_CHECK_PORT = 443;

/**
 * Regions Cloud DNS health checks probe external endpoints from (a global spread; the API wants
 * exactly three).
 */
export const CLOUD_DNS_PROBE_REGIONS = ["us-central1", "europe-west1", "asia-southeast1"] as const;

/** The project of the Cloud DNS zone: the GCP cluster's (the primary's when both are on GCP). */
function cloudDnsProject(
  args: Pick<DisasterRecoveryRegionArgs, "primary" | "secondary">,
): string | undefined {
  return args.primary.cloud === "gcp" ? args.primary.project : args.secondary.project;
}

/** Route 53: an HTTPS health check per endpoint and PRIMARY/SECONDARY failover records (any cloud). */
export function route53Failover(
  parent: pulumi.Resource,
  fqdn: string,
  name: string,
  args: DisasterRecoveryRegionArgs,
  dns: ResolvedDns,
  endpoints: { primary: string; secondary: string },
  failover: boolean,
  rehearsal: boolean,
): string[] {
  const { primary, secondary } = args;
  const provider =
    primary.cloud === "aws" && !rehearsal
      ? primary.provider!
      : secondary.cloud === "aws"
        ? secondary.provider!
        : new aws.Provider(`${name}-route53`, { region: "us-east-1" }, { parent });
  const opts = { parent, provider };
  const zone = aws.route53.getZoneOutput({ name: dns.zone, privateZone: false }, opts);
  const tags = awsTags(args.costAllocation, { "hybrid-ai/dr": name });
  const healthCheck = (role: string, endpoint: string) =>
    new aws.route53.HealthCheck(
      `${name}-${role}-health`,
      {
        type: "HTTPS",
        fqdn: endpoint,
        port: HEALTH_CHECK_PORT,
        resourcePath: dns.healthCheckPath,
        requestInterval: dns.healthCheckIntervalSeconds,
        failureThreshold: dns.failureThreshold,
        enableSni: true,
        tags: { ...tags, Name: `${name}-${role}` },
      },
      opts,
    );
  if (rehearsal) {
    healthCheck("secondary", endpoints.secondary);
    new aws.route53.Record(
      `${name}-rehearsal-record`,
      {
        zoneId: zone.zoneId,
        name: fqdn,
        type: "CNAME",
        ttl: dns.ttlSeconds,
        records: [endpoints.secondary],
        // No healthCheckId: Route 53 ignores it on a record with simple routing
        // (ROUTE53_LONE_HEALTH_CHECK); the check above still reports the endpoint's health.
      },
      opts,
    );
    return ["rehearsal"];
  }
  const checks = {
    primary: healthCheck("primary", endpoints.primary),
    secondary: healthCheck("secondary", endpoints.secondary),
  };
  const active = failover
    ? { endpoint: endpoints.secondary, check: checks.secondary }
    : { endpoint: endpoints.primary, check: checks.primary };
  const standby = failover
    ? { endpoint: endpoints.primary, check: checks.primary }
    : { endpoint: endpoints.secondary, check: checks.secondary };
  for (const [role, target] of [
    ["PRIMARY", active],
    ["SECONDARY", standby],
  ] as const) {
    new aws.route53.Record(
      `${name}-${role.toLowerCase()}-record`,
      {
        zoneId: zone.zoneId,
        name: fqdn,
        type: "CNAME",
        ttl: dns.ttlSeconds,
        records: [target.endpoint],
        setIdentifier: role.toLowerCase(),
        failoverRoutingPolicies: [{ type: role }],
        healthCheckId: target.check.id,
      },
      opts,
    );
  }
  return ["PRIMARY", "SECONDARY"];
}

/**
 * Cloud DNS: an A record with a primary-backup routing policy over the clusters' external addresses,
 * health-checked from three regions by one global HTTPS health check.
 */
export function cloudDnsFailover(
  parent: pulumi.Resource,
  fqdn: string,
  name: string,
  args: DisasterRecoveryRegionArgs,
  dns: ResolvedDns,
  endpoints: { primary: string; secondary: string },
  failover: boolean,
  rehearsal: boolean,
): string[] {
  const { primary, secondary } = args;
  const owner = primary.cloud === "gcp" && !rehearsal ? primary : secondary;
  const provider =
    owner.cloud === "gcp" && owner.provider !== undefined
      ? owner.provider
      : new gcp.Provider(`${name}-cloud-dns`, { project: cloudDnsProject(args) }, { parent });
  const opts = { parent, provider };
  const project = cloudDnsProject(args);
  const check = new gcp.compute.HealthCheck(
    `${name}-health`,
    {
      project,
      checkIntervalSec: dns.healthCheckIntervalSeconds,
      timeoutSec: 10,
      unhealthyThreshold: dns.failureThreshold,
      healthyThreshold: 2,
      sourceRegions: [...CLOUD_DNS_PROBE_REGIONS],
      httpsHealthCheck: { port: HEALTH_CHECK_PORT, requestPath: dns.healthCheckPath },
    },
    opts,
  );
  const standby = failover || rehearsal ? primary : secondary;
  const activeIp = failover || rehearsal ? endpoints.secondary : endpoints.primary;
  const standbyIp = failover || rehearsal ? endpoints.primary : endpoints.secondary;
  new gcp.dns.RecordSet(
    `${name}-record`,
    {
      project,
      managedZone: dns.managedZone!,
      name: `${fqdn}.`,
      type: "A",
      ttl: dns.ttlSeconds,
      rrdatas: rehearsal ? [activeIp] : undefined,
      routingPolicy: rehearsal
        ? undefined
        : {
            healthCheck: check.id,
            primaryBackup: {
              primary: { externalEndpoints: [activeIp] },
              backupGeos: [
                {
                  // A GCP region: for an AWS standby, the GCP region nearest to its AWS region.
                  location: nearestGcpRegion(standby.cloud, standby.region)!,
                  healthCheckedTargets: { externalEndpoints: [standbyIp] },
                },
              ],
              trickleRatio: 0,
            },
          },
    },
    opts,
  );
  return [rehearsal ? "rehearsal" : "PRIMARY_BACKUP"];
}

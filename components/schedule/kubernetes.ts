/**
 * Kubernetes objects of a site schedule, rendered as plain objects: CronJobs (with `timeZone`) that
 * scale the site's Deployments to zero and back, and the least-privilege RBAC they run with (only the
 * named Deployments and ScaledObjects, only get/patch/scale). Pure: no Pulumi.
 */
import type { KubernetesScaleJob } from "./backends";

/** Name of the service account, role and binding the jobs use. */
export const SCALER_ACCOUNT_NAME = "shutdown-scheduler";
/** KEDA pauses a ScaledObject at this many replicas while the annotation is set. */
export const KEDA_PAUSE_ANNOTATION = "autoscaling.keda.sh/paused-replicas";

/** A Deployment the schedule switches, with how it comes back. */
export interface ScheduledWorkload {
  readonly deployment: string;
  /** Replicas when switched on (ignored when a ScaledObject owns the count). */
  readonly replicas: number;
  /** KEDA ScaledObject scaling the Deployment: paused at 0 while off, resumed when on. */
  readonly scaledObject?: string;
}

/** What the jobs act on. */
export interface ScaleJobTarget {
  readonly namespace: string;
  readonly workloads: readonly ScheduledWorkload[];
  readonly timezone: string;
  /** Image with `/bin/sh` and `kubectl`. */
  readonly image: string;
  readonly labels: Record<string, string>;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The shell script of a job. Off pauses KEDA first (it would scale up again) and scales every
 * Deployment to 0; an HPA does nothing while its target has 0 replicas. On resumes KEDA or restores
 * the replicas (an HPA then takes over again).
 */
export function scaleScript(job: KubernetesScaleJob, target: ScaleJobTarget): string {
  const ns = `-n ${q(target.namespace)}`;
  const lines = ["set -eu", ...holidayGuardLines(job)];
  for (const w of target.workloads) {
    if (job.action === "off") {
      if (w.scaledObject !== undefined) {
        lines.push(
          `kubectl ${ns} annotate --overwrite scaledobject/${q(w.scaledObject)} ${KEDA_PAUSE_ANNOTATION}=0`,
        );
      }
      lines.push(`kubectl ${ns} scale deployment/${q(w.deployment)} --replicas=0`);
    } else if (w.scaledObject !== undefined) {
      lines.push(
        `kubectl ${ns} annotate scaledobject/${q(w.scaledObject)} ${KEDA_PAUSE_ANNOTATION}-`,
      );
    } else {
      // Only from zero: an on-switch while running (a midnight switch) must not undo an autoscaler.
      lines.push(
        `kubectl ${ns} scale deployment/${q(w.deployment)} --current-replicas=0 --replicas=${w.replicas} || echo "${w.deployment} is already running"`,
      );
    }
  }
  return lines.join("\n");
}

/**
 * The shell lines that stop a guarded job: an on-job inside a holiday run, or a holiday off-job outside
 * one (`$HOLIDAY_RANGES` holds the runs as UTC epoch seconds). None for an unguarded job.
 */
export function holidayGuardLines(job: Pick<KubernetesScaleJob, "guard">): string[] {
  if (job.guard === undefined) {
    return [];
  }
  return [
    "now=$(date -u +%s); holiday=no",
    'for r in $HOLIDAY_RANGES; do if [ "$now" -ge "${r%-*}" ] && [ "$now" -lt "${r#*-}" ]; then holiday=yes; fi; done',
    job.guard === "skip-in-holiday"
      ? 'if [ "$holiday" = yes ]; then echo "holiday: capacity stays off"; exit 0; fi'
      : 'if [ "$holiday" = no ]; then echo "not a holiday this year: nothing to do"; exit 0; fi',
  ];
}

/**
 * A CronJob running one scale job: by default {@link scaleScript} as the Deployments' scaler; other
 * switches (a Karpenter NodePool) pass their own script and service account.
 */
export function renderScaleCronJob(
  job: KubernetesScaleJob,
  target: ScaleJobTarget,
  holidayRanges: readonly string[],
  own?: { readonly script: string; readonly serviceAccount: string },
) {
  return {
    apiVersion: "batch/v1" as const,
    kind: "CronJob" as const,
    metadata: {
      name: `shutdown-${job.id}`,
      namespace: target.namespace,
      labels: { ...target.labels, "hybrid-ai/switch": job.action },
    },
    spec: {
      schedule: job.schedule,
      timeZone: target.timezone,
      concurrencyPolicy: "Forbid",
      // A controller down at the minute still runs the job within 10 minutes.
      startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 3,
          ttlSecondsAfterFinished: 86400,
          template: {
            metadata: { labels: { ...target.labels, "hybrid-ai/switch": job.action } },
            spec: {
              serviceAccountName: own?.serviceAccount ?? SCALER_ACCOUNT_NAME,
              restartPolicy: "OnFailure",
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 65534,
                runAsGroup: 65534,
                seccompProfile: { type: "RuntimeDefault" },
              },
              containers: [
                {
                  name: "kubectl",
                  image: target.image,
                  command: ["/bin/sh", "-c", own?.script ?? scaleScript(job, target)],
                  env: [
                    { name: "HOLIDAY_RANGES", value: holidayRanges.join(" ") },
                    { name: "HOME", value: "/tmp" },
                  ],
                  resources: {
                    requests: { cpu: "10m", memory: "32Mi" },
                    limits: { memory: "128Mi" },
                  },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                  },
                  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                },
              ],
              volumes: [{ name: "tmp", emptyDir: {} }],
            },
          },
        },
      },
    },
  };
}

/** The jobs' identity: a service account, a role limited to the named objects, and its binding. */
export function renderScalerRbac(target: ScaleJobTarget) {
  const meta = { name: SCALER_ACCOUNT_NAME, namespace: target.namespace, labels: target.labels };
  const deployments = target.workloads.map((w) => w.deployment);
  const scaledObjects = target.workloads.flatMap((w) =>
    w.scaledObject === undefined ? [] : [w.scaledObject],
  );
  const rules = [
    { apiGroups: ["apps"], resources: ["deployments"], resourceNames: deployments, verbs: ["get"] },
    {
      apiGroups: ["apps"],
      resources: ["deployments/scale"],
      resourceNames: deployments,
      verbs: ["get", "patch", "update"],
    },
    ...(scaledObjects.length > 0
      ? [
          {
            apiGroups: ["keda.sh"],
            resources: ["scaledobjects"],
            resourceNames: scaledObjects,
            verbs: ["get", "patch"],
          },
        ]
      : []),
  ];
  return {
    serviceAccount: { apiVersion: "v1" as const, kind: "ServiceAccount" as const, metadata: meta },
    role: {
      apiVersion: "rbac.authorization.k8s.io/v1" as const,
      kind: "Role" as const,
      metadata: meta,
      rules,
    },
    roleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1" as const,
      kind: "RoleBinding" as const,
      metadata: meta,
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: SCALER_ACCOUNT_NAME },
      subjects: [
        { kind: "ServiceAccount", name: SCALER_ACCOUNT_NAME, namespace: target.namespace },
      ],
    },
  };
}

/**
 * Stand-ins for the clouds under Pulumi's mock runtime: the outputs a provider would compute (ids,
 * ARNs, generated names, e-mails) and the answers of data-source calls. Only the clouds are mocked:
 * components, the stack program, config and policies run for real.
 *
 * A computed output a component reads with `apply` must be returned here, or under a preview the
 * apply never runs.
 */
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";

/** The account id ARNs are made with. */
export const MOCK_AWS_ACCOUNT = "123456789012";

type Inputs = Record<string, unknown>;
type StateFn = (name: string, inputs: Inputs) => Inputs;

function awsArn(service: string, region: string, resource: string): string {
  return `arn:aws:${service}:${region}:${MOCK_AWS_ACCOUNT}:${resource}`;
}

/** Computed outputs by resource type. */
const STATE_BY_TYPE: Record<string, StateFn> = {
  "aws:eks/nodeGroup:NodeGroup": (name, inputs) => ({
    nodeGroupName: inputs.nodeGroupName ?? name,
    arn: awsArn("eks", "mock", `nodegroup/${String(inputs.clusterName)}/${name}`),
    resources: [
      { autoscalingGroups: [{ name: `eks-${name}-asg` }], remoteAccessSecurityGroupId: "" },
    ],
    status: "ACTIVE",
  }),
  "aws:eks/cluster:Cluster": (name, inputs) => ({
    name: inputs.name ?? name,
    arn: awsArn("eks", "mock", `cluster/${String(inputs.name ?? name)}`),
    endpoint: `https://${name}.mock.eks.amazonaws.com`,
    certificateAuthority: { data: "bW9jaw==" },
    identities: [{ oidcs: [{ issuer: `https://oidc.eks.mock.amazonaws.com/id/${name}` }] }],
  }),
  "aws:iam/role:Role": (name, inputs) => ({
    name: inputs.name ?? name,
    arn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:role/${String(inputs.name ?? name)}`,
  }),
  "aws:kms/key:Key": (name) => ({
    arn: awsArn("kms", "mock", `key/${name}`),
    keyId: `${name}-key-id`,
  }),
  "gcp:serviceaccount/account:Account": (name, inputs) => ({
    email: `${String(inputs.accountId ?? name)}@${String(inputs.project ?? "mock-project")}.iam.gserviceaccount.com`,
    name: `projects/${String(inputs.project ?? "mock-project")}/serviceAccounts/${String(inputs.accountId ?? name)}`,
  }),
  "gcp:container/cluster:Cluster": (name, inputs) => ({
    name: inputs.name ?? name,
    endpoint: "203.0.113.10",
    masterAuth: { clusterCaCertificate: "bW9jaw==" },
  }),
  "gcp:container/nodePool:NodePool": (name, inputs) => ({ name: inputs.name ?? name }),
  "gcp:projects/iAMCustomRole:IAMCustomRole": (name, inputs) => ({
    name: `projects/${String(inputs.project ?? "mock-project")}/roles/${String(inputs.roleId ?? name)}`,
  }),
  "aws:s3/bucket:Bucket": (name, inputs) => ({
    bucket: inputs.bucket ?? name,
    arn: `arn:aws:s3:::${String(inputs.bucket ?? name)}`,
  }),
  "aws:route53/healthCheck:HealthCheck": (name) => ({
    arn: `arn:aws:route53:::healthcheck/${name}`,
  }),
};

/** Outputs of a mocked resource: its inputs, an id, and what the provider would compute. */
export function mockState(args: MockResourceArgs): { id: string; state: Inputs } {
  const computed = STATE_BY_TYPE[args.type]?.(args.name, args.inputs as Inputs) ?? {};
  const id = args.id ?? `${args.name}-id`;
  return { id, state: { ...(args.inputs as Inputs), ...computed } };
}

/** Answers of data-source calls by token. */
const CALLS: Record<string, (inputs: Inputs) => Inputs> = {
  // Offline there is no way to know a subnet's zone: every given subnet is taken to match.
  "aws:ec2/getSubnets:getSubnets": (inputs) => {
    const filters = (inputs.filters ?? []) as Array<{ name: string; values: string[] }>;
    return { ids: filters.find((f) => f.name === "subnet-id")?.values ?? [], filters };
  },
  "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount": (inputs) => ({
    email: `project-000000000000@storage-transfer-service.iam.gserviceaccount.com`,
    subjectId: "100000000000000000000",
    project: inputs.project,
  }),
  "aws:route53/getZone:getZone": (inputs) => ({
    ...inputs,
    zoneId: "Z0MOCKZONE",
    id: "Z0MOCKZONE",
  }),
  "aws:eks/getCluster:getCluster": (inputs) => ({
    name: inputs.name,
    endpoint: `https://${String(inputs.name)}.mock.eks.amazonaws.com`,
    certificateAuthorities: [{ data: "bW9jaw==" }],
  }),
  "gcp:container/getCluster:getCluster": (inputs) => ({
    name: inputs.name,
    endpoint: "203.0.113.10",
    masterAuths: [{ clusterCaCertificate: "bW9jaw==" }],
  }),
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: MOCK_AWS_ACCOUNT,
    arn: `arn:aws:iam::${MOCK_AWS_ACCOUNT}:user/mock`,
    userId: "mock",
  }),
};

/** The answer of a mocked data-source call; unknown calls answer with their inputs. */
export function mockCall(args: MockCallArgs): Inputs {
  return CALLS[args.token]?.(args.inputs as Inputs) ?? (args.inputs as Inputs);
}

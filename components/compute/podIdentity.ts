/**
 * The trust policy of an IAM role that EKS Pod Identity hands to a service account: the pods service
 * principal may assume it and tag the session
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html).
 */
export const POD_IDENTITY_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    },
  ],
});

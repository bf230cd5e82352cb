/** A CrossGuard resource as the deploy checks read it. */
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import type { CheckedResource } from "../../model/rules/deployChecks";

/** The resource under validation. */
export function checked(args: ResourceValidationArgs): CheckedResource {
  return { type: args.type, name: args.name, urn: args.urn, props: args.props };
}

/** A resource of a stack validation. */
export function checkedStack(r: PolicyResource): CheckedResource {
  return { type: r.type, name: r.name, urn: r.urn, props: r.props, parentUrn: r.parent?.urn };
}

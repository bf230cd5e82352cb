/**
 * The package's components for other languages. `pulumi package add` runs this module (package.json
 * `main`, built to dist/provider/index.js) under the Node.js language host, whose plugin runner hands
 * the component classes exported here to @pulumi/pulumi's component provider host; the host infers
 * their schema (args, outputs, enums, TSDoc) from the TypeScript sources, starting at the package root.
 *
 * Exported here: the components whose args and outputs cross languages. Not exported:
 * DisasterRecoveryRegion, whose clusters take a Pulumi provider resource each (two regions of one
 * cloud need two providers, which a component's provider map cannot carry); TypeScript programs use it
 * from the package root.
 */
export {
  AutoscalingPolicy,
  EdgeInferenceSite,
  GpuCluster,
  GpuNodePool,
  ShutdownSchedule,
} from "../components";

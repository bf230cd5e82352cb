/** Kept so tests written against it still compile: import from "../support" instead. */
export {
  awsProvider,
  costTags,
  deployment,
  eksPool,
  gkePool,
  messages,
  pdb,
  res,
  run,
  service,
} from "../support";

/** Kept so tests written against it still compile: import from "../support" instead. */
export {
  aksPool,
  awsProvider,
  costTags,
  deployment,
  eksPool,
  gkePool,
  lkePool,
  messages,
  pdb,
  res,
  run,
  service,
} from "../support";

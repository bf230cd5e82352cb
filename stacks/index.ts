/** Entry point of `pulumi up` / `pulumi preview` (see Pulumi.yaml `main`). */
import { EVERY_SITE_ENV, hybridAiProgram } from "./program";

// `hai review` asks for every edge site of a fleet, those its group stacks deploy too.
export = async () => hybridAiProgram({ everySite: process.env[EVERY_SITE_ENV] === "true" });

/** Entry point of `pulumi up` / `pulumi preview` (see Pulumi.yaml `main`). */
import { hybridAiProgram } from "./program";

export = async () => hybridAiProgram();

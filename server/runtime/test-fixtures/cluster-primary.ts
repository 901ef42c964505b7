import path from "node:path";

import { runCluster } from "../web-cluster";

runCluster({ name: "test", exec: path.join(import.meta.dirname, "cluster-worker.mjs"), args: [], count: 2, banner: /^== test server banner ==$/ });

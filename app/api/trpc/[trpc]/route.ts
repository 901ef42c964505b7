import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { createRequestContext } from "@/server/api/context";
import { trpcHandlerOptions } from "@/server/api/http";

const handler = (req: Request) => fetchRequestHandler({ ...trpcHandlerOptions, req, createContext: createRequestContext });

export { handler as GET, handler as POST };

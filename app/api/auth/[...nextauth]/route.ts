import { handleAuthRequest } from "@/server/auth";
import { ValidationError } from "@/server/errors";

async function handle(request: Request) {
  try {
    return await handleAuthRequest(request);
  } catch (error) {
    if (error instanceof ValidationError) return new Response(error.message, { status: 400 });
    throw error;
  }
}

export const GET = handle;
export const POST = handle;

import { z } from "zod";

/**
 * The response schema of an operation whose answer is the procedure's own
 * result, documented in words: the procedure's TypeScript type stays what the
 * portal uses, and the document says what the object holds (docs/api.md).
 */
export function responseOf<T>(description: string): z.ZodType<T> {
  return z.unknown().meta({ description }) as unknown as z.ZodType<T>;
}

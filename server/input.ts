import { z } from "zod";

/** Postgres `integer` (int4): ids and counts above this cannot be stored or compared (docs/security.md). */
export const INT4_MAX = 2_147_483_647;

/** A record id: a positive whole number within Postgres's integer range. */
export const recordId = z.number().int("Ids are whole numbers.").positive("Ids are positive.").max(INT4_MAX, `Ids are at most ${INT4_MAX}.`);

/** A positive whole number stored in an integer column (find numbers, sequences). */
export const positiveInt = z.number().int("Use a whole number.").positive("Use a number greater than zero.").max(INT4_MAX, `Use a number up to ${INT4_MAX}.`);

/**
 * Text that reaches Postgres: at most `max` characters and no NUL character,
 * which a Postgres text value cannot hold. Every procedure's string input starts here.
 */
export function text(max: number) {
  return z
    .string()
    .max(max, `At most ${max} characters, please.`)
    .refine((value) => !value.includes("\u0000"), "Text may not contain a NUL character (U+0000).");
}

/** A code or number that names a record: ECR/ECO numbers, part numbers, serials, line and station codes. */
export const code = text(100).trim();

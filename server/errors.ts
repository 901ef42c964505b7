/** Domain errors: thrown by server/<domain> functions, mapped to TRPCError in one place (server/api/trpc.ts). */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class NotFoundError extends DomainError {}
export class ConflictError extends DomainError {}
export class ValidationError extends DomainError {}
export class ForbiddenError extends DomainError {}
/** Refused for a while after too many wrong passwords; the message says how long. */
export class TooManyAttemptsError extends DomainError {}

const uniqueMessages: Record<string, string> = {
  units_serial_key: "A unit with this serial number already exists",
  material_lots_lot_number_key: "A material lot with this lot number already exists",
  parts_part_number_key: "A part with this part number already exists",
  part_revisions_part_revision_key: "This part already has a revision with that letter",
  work_orders_number_key: "A work order with this number already exists",
  users_email_key: "A user with this e-mail address already exists",
  sites_enterprise_code_key: "Another site of this enterprise already has this code",
  areas_site_code_key: "Another area in this site already has this code",
  lines_area_code_key: "Another line in this area already has this code",
  stations_line_code_key: "Another station on this line already has this code",
  sparkplug_mappings_ids_key: "These Sparkplug ids are already mapped",
};

interface PgErrorShape {
  code: string;
  constraint_name?: string;
  detail?: string;
}

function findPgError(error: unknown): PgErrorShape | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && "severity" in e) {
      return e as PgErrorShape;
    }
  }
  return null;
}

/** The SQLSTATE of a Postgres error anywhere in the cause chain (23503: a foreign key still points here; 23505: a duplicate). */
export function postgresErrorCode(error: unknown): string | null {
  return findPgError(error)?.code ?? null;
}

/**
 * Constraint violations from Postgres, as errors a person can act on;
 * null for anything else (which stays an internal error).
 */
export function fromDatabaseError(error: unknown): DomainError | null {
  const pg = findPgError(error);
  if (!pg) return null;
  // detail reads like: Key (serial)=(CP40-0000001) already exists.
  const value = pg.detail?.match(/=\((.*)\)/)?.[1];
  switch (pg.code) {
    case "23505": {
      const message = (pg.constraint_name && uniqueMessages[pg.constraint_name]) ?? "This record already exists";
      return new ConflictError(value ? `${message}: ${value}.` : `${message}.`);
    }
    case "23503":
      return new ValidationError("This refers to a record that does not exist (or is still referenced elsewhere).");
    case "23514":
    case "23502":
    case "22P02":
      return new ValidationError("A value is missing or not allowed here.");
    // Data exceptions from input the schemas let through: a backstop, the zod primitives in server/input.ts come first.
    case "22021": // NUL or bytes invalid in UTF-8
    case "22P05": // untranslatable character
      return new ValidationError("A text contains a character that cannot be stored (such as NUL).");
    case "22003":
      return new ValidationError("A number is out of the range that can be stored.");
    case "22001":
      return new ValidationError("A text is longer than can be stored.");
    case "22007":
    case "22008":
      return new ValidationError("A date or time is not valid or out of range.");
    default:
      return null;
  }
}

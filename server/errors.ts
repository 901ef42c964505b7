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

import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

import { ValidationError } from "@/server/errors";

export const PASSWORD_MIN_LENGTH = 12;
/** Argon2 hashes whatever it is given: a bound keeps one request from costing seconds. */
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
const strength = () =>
  (estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations }));

/**
 * The password policy (docs/security.md): at least 12 characters, not the
 * e-mail address or its name part, and not guessable by zxcvbn's dictionaries
 * of common passwords, names and patterns. Returns the reason in words, or null.
 */
export function passwordProblem(password: string, owner: { email: string; name?: string }): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `The password needs at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `The password may have at most ${PASSWORD_MAX_LENGTH} characters.`;
  const lower = password.toLowerCase();
  const email = owner.email.trim().toLowerCase();
  const localPart = email.split("@")[0] ?? "";
  if (lower.includes(email) || (localPart.length >= 4 && lower.includes(localPart))) return "The password must not contain the e-mail address.";
  const result = strength().check(password, [email, localPart, ...(owner.name ? owner.name.toLowerCase().split(/\s+/) : [])]);
  if (result.score < MIN_SCORE) {
    const hint = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(" ");
    return `This password is too easy to guess.${hint ? ` ${hint}` : ""}`;
  }
  return null;
}

export function assertPasswordPolicy(password: string, owner: { email: string; name?: string }) {
  const problem = passwordProblem(password, owner);
  if (problem) throw new ValidationError(problem);
}

import { expect, it } from "vitest";

import { parseEnv } from "./env";

it("reads AUTH_OIDC_ROLE_MAP as claim value → role and names a bad entry clearly", () => {
  expect(parseEnv({}).AUTH_OIDC_ROLE_MAP).toBeUndefined();
  expect(parseEnv({ AUTH_OIDC_ROLE_MAP: " " }).AUTH_OIDC_ROLE_MAP).toBeUndefined();
  expect(parseEnv({}).AUTH_OIDC_ROLE_CLAIM).toBe("groups");
  expect(parseEnv({ AUTH_OIDC_ROLE_CLAIM: "roles", AUTH_OIDC_ROLE_MAP: " plant-admins = admin, quality=quality,,app=role=viewer " })).toMatchObject({
    AUTH_OIDC_ROLE_CLAIM: "roles",
    AUTH_OIDC_ROLE_MAP: { "plant-admins": "admin", quality: "quality", "app=role": "viewer" },
  });

  expect(() => parseEnv({ AUTH_OIDC_ROLE_MAP: "plant-admins=superuser" })).toThrow(
    'Invalid environment: AUTH_OIDC_ROLE_MAP: "superuser" in "plant-admins=superuser" is not a role (viewer, operator, supervisor, planner, quality, engineer, manager, admin)',
  );
  expect(() => parseEnv({ AUTH_OIDC_ROLE_MAP: "plant-admins" })).toThrow('AUTH_OIDC_ROLE_MAP: "plant-admins" is not of the form <claim value>=<role>');
  expect(() => parseEnv({ AUTH_OIDC_ROLE_MAP: "qa=quality,qa=viewer" })).toThrow('AUTH_OIDC_ROLE_MAP: "qa" is mapped twice, to quality and to viewer');
  expect(() => parseEnv({ AUTH_OIDC_ROLE_MAP: ",," })).toThrow("AUTH_OIDC_ROLE_MAP: names no <claim value>=<role> pair");
});

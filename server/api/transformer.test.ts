import { describe, expect, it } from "vitest";

import { transformer } from "./transformer";

describe("tRPC transformer", () => {
  it("round-trips what superjson does (dates, maps, undefined)", () => {
    const value = { at: new Date("2026-11-26T06:00:00Z"), byId: new Map([[1, "P1-050"]]), reason: undefined, count: 3 };
    expect(transformer.deserialize(transformer.serialize(value))).toEqual(value);
    expect(transformer.deserialize(transformer.serialize(null))).toBeNull();
  });

  it("serializes a shared object once and a new object afresh", () => {
    const shared = { since: new Date(0), stations: [{ id: 1, state: "DOWN" }] };
    expect(transformer.serialize(shared)).toBe(transformer.serialize(shared));
    expect(transformer.serialize({ ...shared })).not.toBe(transformer.serialize(shared));
  });
});

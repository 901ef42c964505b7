import { describe, expect, it } from "vitest";

import { portalPath, portalRedirect } from "./portal-path";

const foreign = ["/\\evil.example/", "//evil.example/", "/\t/evil.example/", "/\n/evil.example", "\\\\evil.example", "http://evil.example/", "/\\/evil.example/", "/.//evil.example/", "/..//evil.example/", "javascript:alert(1)", "", null, undefined, ["/lines"]];

describe("portalPath", () => {
  it("keeps the portal's own paths, with their query and fragment", () => {
    expect(portalPath("/kpis?window=day#trend")).toBe("/kpis?window=day#trend");
    expect(portalPath("/traceability/units/CP40-0000001")).toBe("/traceability/units/CP40-0000001");
  });

  it("answers the fallback for anything that names another host or scheme", () => {
    for (const value of foreign) expect(portalPath(value), JSON.stringify(value)).toBe("/lines");
  });
});

describe("portalRedirect", () => {
  it("keeps targets on the portal's origin and sends everything else to the start page", () => {
    const base = "http://localhost:3000";
    expect(portalRedirect("/changes", base)).toBe("http://localhost:3000/changes");
    expect(portalRedirect("http://localhost:3000/kpis?window=day", base)).toBe("http://localhost:3000/kpis?window=day");
    for (const url of ["/\\evil.example/", "http://evil.example/", "//evil.example", "http://localhost:3000//evil.example", "http://localhost:3001/lines"]) {
      expect(portalRedirect(url, base), url).toBe("http://localhost:3000/lines");
    }
  });
});

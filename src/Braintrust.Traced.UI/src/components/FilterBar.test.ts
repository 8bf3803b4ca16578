import { describe, expect, it } from "vitest";
import { validate } from "./FilterBar";

describe("filter validation", () => {
  it("accepts the query API's formats", () => {
    expect(validate({ score: "accuracy:0.5:1", metadata: "customer:contoso" })).toBeNull();
    expect(validate({ score: "a:b:0.5:" })).toBeNull();
  });

  it("names the field of a malformed filter", () => {
    expect(validate({ score: "accuracy" })).toMatch(/^score:/);
    expect(validate({ score: "accuracy:x:1" })).toBe("score: bound 'x' is not a number");
    expect(validate({ metadata: "nocolon" })).toBe("metadata: use key:value");
  });
});

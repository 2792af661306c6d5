import { describe, expect, it } from "vitest";
import { stepKeyContext } from "./step-key";

describe("stepKeyContext", () => {
  it("names the frame or the undone step", () => {
    expect(stepKeyContext("check", "check")).toBeNull();
    expect(stepKeyContext("orders[3]/check", "check")).toBe("orders[3]");
    expect(stepKeyContext("review#2/agent", "agent")).toBe("review pass 2");
    expect(stepKeyContext("m[1]/l#0/x", "x")).toBe("m[1] › l pass 0");
    expect(stepKeyContext("reserve~undo", "release")).toBe("undoes reserve");
  });
});

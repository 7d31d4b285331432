import { describe, expect, it } from "vitest";
import { roundRobin } from "./runner.server";
import { JOB_TRANSITIONS } from "./state.server";
import { FINISHED_JOB_STATUSES, JOB_STATUSES } from "./types";

describe("the runner's turn among shops", () => {
  it("starts after the shop served last, wrapping around", () => {
    expect(roundRobin(["a", "b", "c"], undefined)).toEqual(["a", "b", "c"]);
    expect(roundRobin(["a", "b", "c"], "a")).toEqual(["b", "c", "a"]);
    expect(roundRobin(["a", "b", "c"], "c")).toEqual(["a", "b", "c"]);
  });

  it("when the shop served last has no work left, the next one after it still goes first", () => {
    expect(roundRobin(["a", "c"], "b")).toEqual(["c", "a"]);
    expect(roundRobin(["a", "c"], "d")).toEqual(["a", "c"]);
  });
});

describe("job transitions", () => {
  it("a cancelled job never runs again, and every status is reachable only from listed ones", () => {
    for (const status of JOB_STATUSES) expect(JOB_TRANSITIONS[status].every((from) => JOB_STATUSES.includes(from))).toBe(true);
    for (const status of JOB_STATUSES) expect(JOB_TRANSITIONS[status]).not.toContain("cancelled");
    expect(JOB_TRANSITIONS.running).not.toContain("cancelling");
    expect(FINISHED_JOB_STATUSES).toEqual(["cancelled", "completed", "failed"]);
  });
});

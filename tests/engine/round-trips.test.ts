// The PostgreSQL round trips of the engine's operations, counted exactly (lib/engine/ARCHITECTURE.md,
// "Round trips"). A change that adds one fails here: update the table in the note with the new count
// and the reason, or take the round trip back out.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describePostgres, type TestDatabase } from "@/tests/helpers/test-db";
import { profileRoundTrips, type RoundTripProfile } from "@/tests/helpers/round-trip-profile";

describePostgres("engine round trips", () => {
  let db: TestDatabase;
  let p: RoundTripProfile;
  beforeAll(async () => {
    db = await createTestDb("postgresql");
    p = await profileRoundTrips(db);
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });

  const expectTrips = (what: string, actual: number, expected: number) =>
    expect(actual, `${what}: ${actual} round trips, the ARCHITECTURE table says ${expected}`).toBe(expected);

  it("starts a run in the documented number of round trips", () => {
    expectTrips("startRun", p.start, 1);
  });

  it("claims, commits and finishes a 10-node chain run in the documented number of round trips", () => {
    expectTrips("claimRuns (the claim that took the run)", p.claim, 1);
    expect(p.commits, "commits of a 10-node transform chain (all ten steps in one transaction)").toBe(1);
    expectTrips("commit of the whole run", p.commit, 1);
    expect(p.other, "store calls made for the run besides claim and commit").toEqual({});
    expectTrips("per run, start to succeeded", p.per_run, 3);
  });

  it("runs a chain started beside a worker with a free slot without a claim: start + commit", () => {
    expectTrips("startRun (the run written leased to the local worker)", p.local_start, 1);
    expect(p.local_claim, "claims that took the run (it was handed to the worker, never claimed)").toBe(0);
    expectTrips("commit of the whole run", p.local_commit, 1);
    expectTrips("per run, start to succeeded, started beside the worker", p.local_per_run, 2);
  });

  it("commits a decision in the documented number of round trips", () => {
    expectTrips("decideTask", p.decision, 2);
  });

  it("resumes a run decided beside a worker with a free slot without a claim: decision + commit", () => {
    expectTrips("decideTask (the run leased to the local worker in its write script)", p.local_decision, 2);
    expect(p.local_resume_claim, "claims that took the run (the decision handed it to the worker)").toBe(0);
    expectTrips("commit of the resumed run to its end", p.local_resume_commit, 1);
  });

  it("resumes the decided run in one claim (its tasks included) and one commit", () => {
    expectTrips("claimRuns (the claim that took the decided run, with its tasks)", p.resume_claim, 1);
    expectTrips("commit of the resumed run to its end", p.resume_commit, 1);
    expect(p.resume_other, "store calls made for the resumed run besides claim and commit (loadTasks was 2)").toEqual({});
  });
});

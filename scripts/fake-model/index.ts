export { startFakeModelServer, type FakeModelServer, type FakeModelServerOptions } from "./server";
export { demoReply, placeholderFromSchema } from "./demo";
export {
  fakeModelStepSchema,
  parseSteps,
  type CallOutcome,
  type FakeModelStep,
  type FakeToolCall,
  type FakeUsage,
  type RecordedCall,
} from "./types";

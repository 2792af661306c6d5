// The conversation an agent starts from: instructions (+ output format and the subject's stored
// facts) as the system message, the subject's recent exchanges, then this run's user message.
import { OUTPUT_INSTRUCTIONS } from "@/lib/agents/agent-output";
import type { MemoryContext } from "@/lib/memory/memory-schemas";
import type { ChatMessage } from "@/lib/agents/model-client";

export function initialMessages(system: string, user: string, memory: MemoryContext): ChatMessage[] {
  const parts = [system.trim(), OUTPUT_INSTRUCTIONS];
  if (memory.facts.length) {
    parts.push(`Facts remembered about this subject from earlier runs:\n${memory.facts.map((f) => `- ${f.key}: ${f.value}`).join("\n")}`);
  }
  const messages: ChatMessage[] = [{ role: "system", content: parts.filter(Boolean).join("\n\n") }];
  for (const t of memory.turns) {
    messages.push({ role: "user", content: t.user }, { role: "assistant", content: t.assistant });
  }
  messages.push({ role: "user", content: user });
  return messages;
}

/** How an answer is remembered as the assistant side of a turn. */
export function answerText(answer: unknown): string {
  return typeof answer === "string" ? answer : JSON.stringify(answer);
}

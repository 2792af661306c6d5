"use client";
// "Pin this output": keep a step's output on the draft so test runs reuse it instead of running the
// node again. Used in the editor's run panel and on the run page's step inspector.
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Pin } from "lucide-react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { pinKeys, pinOutput } from "@/lib/queries/test-runs";

export function PinOutputButton({
  workflowId,
  nodeId,
  runId,
  stepKey,
}: {
  workflowId: string;
  nodeId: string;
  runId: string;
  stepKey: string;
}) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const pin = async () => {
    setPending(true);
    try {
      await pinOutput(workflowId, nodeId, { runId, stepKey });
      await queryClient.invalidateQueries({ queryKey: pinKeys.pins(workflowId) });
      toast.success("Output pinned", { description: "Test runs of the draft reuse it instead of running this node." });
    } catch (e) {
      toast.error("Could not pin the output", { description: e instanceof Error ? e.message : undefined });
    } finally {
      setPending(false);
    }
  };
  return (
    <Button type="button" variant="outline" size="sm" className="w-fit" onClick={() => void pin()} disabled={pending}>
      <Pin className="size-3.5" aria-hidden />
      {pending ? "Pinning…" : "Pin this output"}
    </Button>
  );
}

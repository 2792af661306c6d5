import Link from "next/link";

/** The header action of a workflow's sub-pages (evaluations, settings): back to its editor. */
export function BackToEditorLink({ workflowId }: { workflowId: string }) {
  return (
    <Link
      className="inline-flex min-h-11 items-center text-sm underline underline-offset-4"
      href={`/workflows/${encodeURIComponent(workflowId)}`}
    >
      Back to the editor
    </Link>
  );
}

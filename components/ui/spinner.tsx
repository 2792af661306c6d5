import * as React from "react";
import { LoaderCircleIcon } from "lucide-react";

import { cn } from "@/lib/utils";

/** Indeterminate progress indicator announced politely to screen readers. */
function Spinner({ label = "Loading…", className, ...props }: Omit<React.ComponentProps<"span">, "children"> & { label?: string }) {
  return (
    <span data-slot="spinner" role="status" className={cn("inline-flex items-center text-muted-foreground", className)} {...props}>
      <LoaderCircleIcon aria-hidden className="size-4 animate-spin" />
      <span className="sr-only">{label}</span>
    </span>
  );
}

export { Spinner };

import * as React from "react";

import { cn } from "@/lib/utils";

/** Loading placeholder. Hidden from assistive tech; pair with a Spinner or aria-busy region. */
function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="skeleton" aria-hidden className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}

export { Skeleton };

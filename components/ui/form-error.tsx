import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

/**
 * A form's error line: announced to screen readers as it appears (role="alert"), in the destructive
 * colour, at the size of the text around it ("xs" inside the editor's inspector and small dialogs).
 * One component, so every form says its errors the same way and E2E finds them by the same role.
 */
function FormError({ size = "sm", className, ...props }: ComponentProps<"p"> & { size?: "sm" | "xs" }) {
  return <p role="alert" className={cn(size === "xs" ? "text-xs" : "text-sm", "text-destructive", className)} {...props} />;
}

export { FormError };

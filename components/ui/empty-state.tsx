import * as React from "react";
import type { LucideIcon } from "lucide-react";

import { cn } from "@/lib/utils";

/**
 * Centered placeholder telling the user what to do next.
 * `icon` may be a lucide component (`InboxIcon`) or an element (`<InboxIcon />`).
 */
function EmptyState({
  icon,
  title,
  description,
  action,
  className,
  ...props
}: Omit<React.ComponentProps<"div">, "title"> & {
  icon?: LucideIcon | React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  action?: React.ReactNode;
}) {
  let iconNode: React.ReactNode = null;
  if (React.isValidElement(icon) || typeof icon === "string") {
    iconNode = icon;
  } else if (icon) {
    const Icon = icon as LucideIcon;
    iconNode = <Icon />;
  }

  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center gap-4 rounded-xl border border-dashed bg-card px-6 py-12 text-center text-card-foreground",
        className,
      )}
      {...props}
    >
      {iconNode && (
        <div aria-hidden className="flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-6">
          {iconNode}
        </div>
      )}
      <div className="flex max-w-md flex-col gap-1.5">
        <h3 className="text-base font-semibold">{title}</h3>
        {description && <p className="text-sm text-muted-foreground">{description}</p>}
      </div>
      {action && <div className="flex flex-wrap items-center justify-center gap-2">{action}</div>}
    </div>
  );
}

export { EmptyState };

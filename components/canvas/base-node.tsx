"use client";
// Composable parts every node kind is built from (after xyflow's BaseNode pattern): a card whose
// selection is styled by CSS, a header (icon, name, kind), a body (config summary) and typed
// handle rows. Kind components only choose what goes inside.
import type { ComponentProps, ReactNode } from "react";
import { Handle, Position } from "@xyflow/react";
import { cn } from "@/lib/utils";
import type { HandleDef } from "@/lib/model/handles";
import { errorHandle, loopBackHandle } from "@/lib/model/handles";
import { NODE_WIDTH } from "./canvas-types";

export function BaseNode({ className, style, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="base-node"
      className={cn(
        "relative rounded-lg border bg-card text-card-foreground shadow-sm transition-[box-shadow,border-color]",
        "hover:border-foreground/25",
        className,
      )}
      style={{ width: NODE_WIDTH, ...style }}
      {...props}
    />
  );
}

export function BaseNodeHeader({ className, ...props }: ComponentProps<"header">) {
  return <header data-slot="base-node-header" className={cn("flex items-center gap-2.5 px-3 pt-2.5 pb-2", className)} {...props} />;
}

export function BaseNodeTitle({ name, kindLabel }: { name: string; kindLabel: string }) {
  return (
    <div className="min-w-0 flex-1 leading-tight">
      <div data-slot="base-node-title" className="truncate text-sm font-semibold" title={name}>
        {name || <span className="text-muted-foreground italic">Unnamed</span>}
      </div>
      <div className="truncate text-[11px] text-muted-foreground">{kindLabel}</div>
    </div>
  );
}

export function BaseNodeBody({ className, children, ...props }: ComponentProps<"div">) {
  if (!children) return null;
  return (
    <div
      data-slot="base-node-body"
      className={cn("border-t px-3 py-2 font-mono text-[11px] leading-snug break-words text-muted-foreground", className)}
      {...props}
    >
      {children}
    </div>
  );
}

/** The input handle on the left edge, centred on the header. */
export function BaseNodeInput({ handle, connectable }: { handle: HandleDef; connectable: boolean }) {
  return (
    <Handle
      type="target"
      // A Loop/Map body closes at the bottom input, so the loop-back edge curls under the node.
      position={handle.id === loopBackHandle ? Position.Bottom : Position.Left}
      id={handle.id}
      isConnectable={connectable}
      className="sy-handle"
      style={handle.id === loopBackHandle ? undefined : { top: 26 }}
      // a connection point, named for what it is (a label needs a role: a plain div may not have one)
      role="img"
      aria-label={`${handle.label} input`}
      title={handle.id === loopBackHandle ? "Loop back: connect the body's last step here" : undefined}
    />
  );
}

/**
 * Output handles on the right edge. One plain "out" sits next to the header; several outputs
 * (branches, decisions, error) get a labelled row each.
 */
export function BaseNodeOutputs({ handles, connectable }: { handles: HandleDef[]; connectable: boolean }) {
  if (handles.length === 0) return null;
  if (handles.length === 1 && handles[0].id !== errorHandle) {
    return (
      <Handle
        type="source"
        position={Position.Right}
        id={handles[0].id}
        isConnectable={connectable}
        className="sy-handle"
        style={{ top: 26 }}
        role="img"
        aria-label={`${handles[0].label} output`}
      />
    );
  }
  return (
    <ul data-slot="base-node-outputs" className="grid gap-0.5 border-t py-1.5">
      {handles.map((h) => (
        <li key={h.id} className="relative flex h-5 items-center justify-end pr-3 text-[11px]">
          <span className={cn("truncate", h.id === errorHandle ? "text-destructive" : "text-muted-foreground")}>{h.label}</span>
          <Handle
            type="source"
            position={Position.Right}
            id={h.id}
            isConnectable={connectable}
            className={cn("sy-handle", h.id === errorHandle && "sy-handle-error")}
            role="img"
            aria-label={`${h.label} output`}
          />
        </li>
      ))}
    </ul>
  );
}

/**
 * The compact rendering's layer (shown by canvas.css when the canvas is zoomed out, see
 * compact-zoom.tsx): the kind's icon and the node's name, sized to stay readable on screen.
 */
export function BaseNodeCompact({ icon, name }: { icon: ReactNode; name: string }) {
  return (
    <div data-slot="base-node-compact" aria-hidden>
      {icon}
      <span data-slot="base-node-compact-name">{name}</span>
    </div>
  );
}

export function BaseNodeCorner({ children }: { children: ReactNode }) {
  return (
    <div data-slot="base-node-corner" className="absolute -top-2.5 right-2 flex items-center gap-1">
      {children}
    </div>
  );
}

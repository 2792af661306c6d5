"use client";

import * as React from "react";
import { CircleAlertIcon, CircleCheckIcon, InfoIcon, XIcon } from "lucide-react";

import { cn } from "@/lib/utils";

type ToastType = "success" | "error" | "info";
type ToastOptions = { description?: string; duration?: number };
type ToastItem = { id: number; type: ToastType; message: string; description?: string };

const DEFAULT_DURATION: Record<ToastType, number> = { success: 4000, info: 4000, error: 8000 };
const MAX_TOASTS = 5;

// --- store (module-level, framework-free) ---------------------------------
let toasts: ToastItem[] = [];
let nextId = 1;
let paused = false;
const listeners = new Set<() => void>();
const timers = new Map<number, { remaining: number; startedAt: number; handle?: ReturnType<typeof setTimeout> }>();
const EMPTY: ToastItem[] = [];

function emit() {
  for (const listener of listeners) listener();
}

function startTimer(id: number) {
  const timer = timers.get(id);
  if (!timer || timer.remaining === Infinity) return;
  timer.startedAt = Date.now();
  timer.handle = setTimeout(() => dismiss(id), timer.remaining);
}

function dismiss(id?: number) {
  const ids = id === undefined ? toasts.map((t) => t.id) : [id];
  for (const i of ids) {
    clearTimeout(timers.get(i)?.handle);
    timers.delete(i);
  }
  toasts = id === undefined ? [] : toasts.filter((t) => t.id !== id);
  emit();
}

function add(type: ToastType, message: string, options: ToastOptions = {}) {
  const id = nextId++;
  toasts = [...toasts, { id, type, message, description: options.description }];
  for (const old of toasts.slice(0, Math.max(0, toasts.length - MAX_TOASTS))) dismiss(old.id);
  timers.set(id, { remaining: options.duration ?? DEFAULT_DURATION[type], startedAt: 0 });
  if (!paused) startTimer(id);
  emit();
  return id;
}

/** Hovering or focusing the toaster pauses auto-dismiss so toasts can be read. */
function setPaused(value: boolean) {
  if (paused === value) return;
  paused = value;
  for (const [id, timer] of timers) {
    if (value) {
      clearTimeout(timer.handle);
      timer.remaining -= Date.now() - timer.startedAt;
    } else {
      startTimer(id);
    }
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `toast.success("Saved")`, `toast.error("Failed", { description })`; returns an id for `toast.dismiss(id)`. */
export const toast = Object.assign((message: string, options?: ToastOptions) => add("info", message, options), {
  success: (message: string, options?: ToastOptions) => add("success", message, options),
  error: (message: string, options?: ToastOptions) => add("error", message, options),
  info: (message: string, options?: ToastOptions) => add("info", message, options),
  dismiss,
});

// --- view -------------------------------------------------------------------
const icons = { success: CircleCheckIcon, error: CircleAlertIcon, info: InfoIcon } as const;
const iconClass = {
  success: "text-status-succeeded",
  error: "text-destructive",
  info: "text-primary",
} as const;

function ToastCard({ toast: t }: { toast: ToastItem }) {
  const Icon = icons[t.type];
  return (
    <div
      data-slot="toast"
      data-type={t.type}
      className="pointer-events-auto flex w-full items-start gap-3 rounded-lg border bg-popover p-4 text-sm text-popover-foreground shadow-lg animate-slide-in-bottom"
    >
      <Icon aria-hidden className={cn("mt-0.5 size-4 shrink-0", iconClass[t.type])} />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <p className="font-medium break-words">{t.message}</p>
        {t.description && <p className="break-words text-muted-foreground">{t.description}</p>}
      </div>
      <button
        type="button"
        onClick={() => dismiss(t.id)}
        className="-m-1 rounded-sm p-1 text-muted-foreground opacity-70 outline-none hover:opacity-100 focus-visible:opacity-100 focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <XIcon aria-hidden className="size-4" />
        <span className="sr-only">Dismiss notification</span>
      </button>
    </div>
  );
}

/** Mount once in the root layout. Live regions stay mounted so new toasts are announced. */
function Toaster({ className }: { className?: string }) {
  const items = React.useSyncExternalStore(
    subscribe,
    () => toasts,
    () => EMPTY,
  );
  const errors = items.filter((t) => t.type === "error");
  const others = items.filter((t) => t.type !== "error");

  return (
    <section
      aria-label="Notifications"
      data-slot="toaster"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setPaused(false);
      }}
      className={cn("pointer-events-none fixed right-0 bottom-0 z-[100] flex w-full flex-col gap-2 p-4 sm:max-w-sm", className)}
    >
      <div role="status" aria-live="polite" className="flex flex-col gap-2">
        {others.map((t) => (
          <ToastCard key={t.id} toast={t} />
        ))}
      </div>
      <div role="alert" aria-live="assertive" className="flex flex-col gap-2">
        {errors.map((t) => (
          <ToastCard key={t.id} toast={t} />
        ))}
      </div>
    </section>
  );
}

export { Toaster };

"use client";
// A JSONata expression (or `{{ }}` template) field: syntax checked as you type with the model's
// compiler, and autocomplete of `$.input…`, upstream `$.steps…` and `$.run…` paths (type `$`, or
// press Ctrl+Space).
import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "@/lib/utils";
import { compileExpression, compileTemplate } from "@/lib/model/expressions";
import { completeScope } from "@/lib/model/draft-scope";
import type { ScopeKey } from "@/lib/model/scope-keys";

export interface ExpressionInputProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  mode: "expression" | "template";
  scopeKeys: readonly ScopeKey[];
  placeholder?: string;
  /** A problem reported by validation for this field (shown when the syntax is fine). */
  problem?: string;
  describedBy?: string;
  readOnly?: boolean;
}

interface Suggest {
  token: string;
  matches: ScopeKey[];
  active: number;
}

/** Inside a template, complete only within an open `{{ … }}`. */
function insidePlaceholder(before: string): boolean {
  return before.lastIndexOf("{{") > before.lastIndexOf("}}");
}

export function syntaxError(mode: "expression" | "template", value: string): string | null {
  if (value.trim() === "") return null;
  const result = mode === "expression" ? compileExpression(value) : compileTemplate(value);
  if (result.ok) return null;
  return `Syntax error at ${result.error.position}: ${result.error.message}`;
}

export function ExpressionInput({
  id,
  value,
  onChange,
  mode,
  scopeKeys,
  placeholder,
  problem,
  describedBy,
  readOnly,
}: ExpressionInputProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [suggest, setSuggest] = useState<Suggest | null>(null);
  const error = useMemo(() => syntaxError(mode, value), [mode, value]);
  const message = error ?? problem ?? null;
  const messageId = `${id}-message`;

  function refresh(text: string, caret: number, force = false) {
    const before = text.slice(0, caret);
    if (mode === "template" && !insidePlaceholder(before)) {
      setSuggest(null);
      return;
    }
    const { token, matches } = completeScope(scopeKeys, before);
    if (matches.length > 0) setSuggest({ token, matches, active: 0 });
    else if (force) setSuggest({ token: "", matches: scopeKeys.slice(0, 30), active: 0 });
    else setSuggest(null);
  }

  function accept(key: ScopeKey) {
    const el = ref.current;
    if (!el || !suggest) return;
    const caret = el.selectionStart ?? value.length;
    const start = caret - suggest.token.length;
    const next = value.slice(0, start) + key.path + value.slice(caret);
    onChange(next);
    setSuggest(null);
    const pos = start + key.path.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(pos, pos);
    });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === " " && e.ctrlKey) {
      e.preventDefault();
      refresh(value, e.currentTarget.selectionStart ?? value.length, true);
      return;
    }
    if (!suggest) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setSuggest({ ...suggest, active: (suggest.active + step + suggest.matches.length) % suggest.matches.length });
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      accept(suggest.matches[suggest.active]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      setSuggest(null);
    }
  }

  const activeId = suggest ? `${listId}-${suggest.active}` : undefined;

  return (
    <div className="relative">
      <textarea
        ref={ref}
        id={id}
        value={value}
        readOnly={readOnly}
        spellCheck={false}
        autoComplete="off"
        placeholder={placeholder}
        role="combobox"
        aria-expanded={!!suggest}
        aria-controls={suggest ? listId : undefined}
        aria-activedescendant={activeId}
        aria-autocomplete="list"
        aria-invalid={message ? true : undefined}
        aria-describedby={[message ? messageId : null, describedBy].filter(Boolean).join(" ") || undefined}
        onChange={(e) => {
          onChange(e.target.value);
          refresh(e.target.value, e.target.selectionStart ?? e.target.value.length);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setSuggest(null)}
        className={cn(
          mode === "template" ? "min-h-14" : "min-h-8",
          "flex field-sizing-content max-h-60 w-full resize-y rounded-md border border-input bg-transparent px-2.5 py-1.5 font-mono text-xs leading-relaxed shadow-xs outline-none",
          "placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30",
          "aria-invalid:border-destructive aria-invalid:ring-destructive/20",
        )}
      />
      {suggest && (
        <ul
          id={listId}
          role="listbox"
          aria-label="Suggestions"
          className="absolute top-full right-0 left-0 z-50 mt-1 max-h-56 overflow-y-auto rounded-md border bg-popover p-1 text-popover-foreground shadow-md"
        >
          {suggest.matches.map((key, i) => (
            <li
              key={key.path}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === suggest.active}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(key);
              }}
              className={cn(
                "grid cursor-pointer gap-0.5 rounded-sm px-2 py-1 text-xs",
                i === suggest.active && "bg-accent text-accent-foreground",
              )}
            >
              <span className="font-mono break-all">{key.path}</span>
              <span className="truncate text-[11px] text-muted-foreground">{key.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p id={messageId} className="mt-1 text-xs text-destructive" data-slot="field-error">
          {message}
        </p>
      )}
    </div>
  );
}

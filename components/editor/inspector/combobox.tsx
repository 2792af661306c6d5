"use client";
// A text input with a list of choices under it (WAI-ARIA combobox): typing filters the list, the
// arrow keys move through it, Enter or Tab picks, Escape closes. `freeText` keeps whatever is
// typed as the value (a model name a provider does not list); otherwise only a pick changes it.
import { useId, useState, type KeyboardEvent } from "react";
import { ChevronsUpDown } from "lucide-react";
import { cn } from "@/lib/utils";

export interface ComboOption {
  value: string;
  label: string;
  detail?: string;
}

export function Combobox({
  id,
  text,
  onTextChange,
  options,
  onPick,
  placeholder,
  invalid,
  ariaLabel,
  describedBy,
  emptyText = "No matches",
}: {
  id: string;
  /** What the input shows. */
  text: string;
  onTextChange: (text: string) => void;
  options: readonly ComboOption[];
  onPick: (option: ComboOption) => void;
  placeholder?: string;
  invalid?: boolean;
  ariaLabel?: string;
  describedBy?: string;
  emptyText?: string;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Filter by what was typed since the list opened; a value picked earlier shows the whole list.
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const shown = needle ? options.filter((o) => o.label.toLowerCase().includes(needle) || o.value.toLowerCase().includes(needle)) : options;
  const current = Math.min(active, Math.max(shown.length - 1, 0));

  const pick = (o: ComboOption) => {
    onPick(o);
    setOpen(false);
    setFilter("");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      if (shown.length) setActive((current + (e.key === "ArrowDown" ? 1 : -1) + shown.length) % shown.length);
    } else if ((e.key === "Enter" || (e.key === "Tab" && !e.shiftKey)) && open && shown.length > 0) {
      e.preventDefault();
      pick(shown[current]);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="relative">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-label={ariaLabel}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && shown.length ? `${listId}-${current}` : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        value={text}
        placeholder={placeholder}
        onChange={(e) => {
          onTextChange(e.target.value);
          setFilter(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setFilter("")}
        onBlur={() => setOpen(false)}
        onClick={() => setOpen(true)}
        className={cn(
          "h-8 w-full min-w-0 rounded-md border border-input bg-transparent py-1 pr-7 pl-2.5 text-sm shadow-xs outline-none",
          "placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30",
          "aria-invalid:border-destructive aria-invalid:ring-destructive/20 disabled:opacity-50",
        )}
      />
      <ChevronsUpDown className="pointer-events-none absolute top-2 right-2 size-4 text-muted-foreground" aria-hidden />
      <ul
        id={listId}
        role="listbox"
        aria-label={ariaLabel ? `${ariaLabel} choices` : "Choices"}
        hidden={!open}
        className="absolute top-full right-0 left-0 z-50 mt-1 max-h-56 overflow-y-auto rounded-md border bg-popover p-1 text-popover-foreground shadow-md"
      >
        {shown.length === 0 && <li className="px-2 py-1 text-xs text-muted-foreground">{emptyText}</li>}
        {shown.map((o, i) => (
          <li
            key={o.value}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === current}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o);
            }}
            className={cn("grid cursor-pointer gap-0.5 rounded-sm px-2 py-1 text-xs", i === current && "bg-accent text-accent-foreground")}
          >
            <span className="break-all">{o.label}</span>
            {o.detail && <span className="truncate text-[11px] text-muted-foreground">{o.detail}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

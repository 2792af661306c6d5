"use client";
// The editor's top bar: back to the list, the workflow name with its save state and live
// version, and the actions (undo/redo, layout, problems, versions, run, publish, more).
import { useState } from "react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useParams } from "next/navigation";
import {
  ArrowLeft,
  CircleAlert,
  CircleCheck,
  Copy,
  Download,
  History,
  Keyboard,
  LayoutDashboard,
  MoreHorizontal,
  Play,
  FlaskConical,
  Settings2,
  Redo2,
  Trash2,
  TriangleAlert,
  Undo2,
  Upload,
} from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LazyDropdownMenu } from "@/components/ui/lazy-dropdown-menu";
import { LazyTooltip } from "@/components/ui/lazy-tooltip";
import { Separator } from "@/components/ui/separator";
import { cn } from "@/lib/utils";
import type { VersionSummary } from "@/lib/workflows/types";
import type { SaveStatus } from "./autosave";
import { SaveIndicator } from "./save-indicator";
import { useEditorState, useEditorStore } from "./use-editor";
import type { ValidationView } from "./use-validation";

// Loaded when first opened: not part of the editor's first-load JavaScript.
const ImportWorkflowDialog = dynamic(() => import("@/components/workflows/import-workflow-dialog").then((m) => m.ImportWorkflowDialog), {
  ssr: false,
});
const DeleteWorkflowDialog = dynamic(() => import("./delete-workflow-dialog").then((m) => m.DeleteWorkflowDialog), { ssr: false });

function IconButton({
  label,
  shortcut,
  onClick,
  disabled,
  children,
}: {
  label: string;
  shortcut?: string;
  onClick: () => void;
  disabled?: boolean;
  children: React.ReactNode;
}) {
  return (
    // The tooltip's code (Radix popper) loads on the first hover or focus of a toolbar button.
    <LazyTooltip
      content={
        <>
          {label}
          {shortcut && <span className="ml-2 opacity-70">{shortcut}</span>}
        </>
      }
    >
      <Button variant="ghost" size="icon" className="size-8" aria-label={label} onClick={onClick} disabled={disabled}>
        {children}
      </Button>
    </LazyTooltip>
  );
}

function versionLabel(latest: VersionSummary | null, live: VersionSummary | null): string {
  if (!latest) return "Draft only";
  if (!live) return `v${latest.version} published · none live`;
  return live.version === latest.version ? `v${latest.version} published · live` : `v${latest.version} published · v${live.version} live`;
}

function versionTitle(latest: VersionSummary | null, live: VersionSummary | null): string {
  if (!latest) return "Not published yet";
  const newest = `Newest published: v${latest.version}`;
  if (!live) return `${newest}. No version is live: API calls and triggers cannot start this workflow.`;
  return live.version === latest.version ? `${newest} (live)` : `${newest}; live: v${live.version}`;
}

export function EditorToolbar({
  name,
  latestVersion,
  liveVersion,
  unpublished,
  saveStatus,
  readOnly,
  canRun,
  validation,
  problemsOpen,
  onToggleProblems,
  onLayout,
  onPublish,
  onVersions,
  onExport,
  onDuplicate,
  onDelete,
  onHelp,
  onRun,
  onTestRun,
}: {
  name: string;
  latestVersion: VersionSummary | null;
  liveVersion: VersionSummary | null;
  /** The draft differs from the latest published version. */
  unpublished: boolean;
  saveStatus: SaveStatus;
  readOnly: boolean;
  canRun: boolean;
  validation: ValidationView;
  problemsOpen: boolean;
  onToggleProblems: () => void;
  onLayout: () => void;
  onPublish: () => void;
  onVersions: () => void;
  onExport: () => void;
  onDuplicate: () => void;
  onDelete: () => Promise<void>;
  onHelp: () => void;
  onRun: () => void;
  /** A test run of the draft (designers). */
  onTestRun?: () => void;
}) {
  const store = useEditorStore();
  const canUndo = useEditorState((s) => s.canUndo);
  const canRedo = useEditorState((s) => s.canRedo);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const { workflowId } = useParams<{ workflowId: string }>();
  // Mounted from the first open on, so they can animate closing.
  const [deleteShown, setDeleteShown] = useState(false);
  const [importShown, setImportShown] = useState(false);
  if (confirmDelete && !deleteShown) setDeleteShown(true);
  if (importOpen && !importShown) setImportShown(true);
  const { errors, warnings, checked } = validation;
  const ProblemIcon = errors > 0 ? CircleAlert : warnings > 0 ? TriangleAlert : CircleCheck;
  const problemLabel = !checked
    ? "Checking…"
    : errors > 0
      ? `${errors} error${errors === 1 ? "" : "s"}`
      : warnings > 0
        ? `${warnings} warning${warnings === 1 ? "" : "s"}`
        : "No problems";

  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b bg-background px-3">
      <Button variant="ghost" size="icon" className="size-8" asChild>
        <Link href="/workflows" aria-label="Back to workflows">
          <ArrowLeft className="size-4" />
        </Link>
      </Button>
      {/* On a phone the name keeps the room: the version badges (also in the versions sheet) hide, and
          nothing in this group can spill over the buttons on the right. */}
      <div className="flex min-w-0 items-center gap-3 overflow-hidden max-sm:gap-2">
        <h1 className="min-w-16 truncate text-sm font-semibold" title={name}>
          {name}
        </h1>
        <Badge
          variant="outline"
          className="shrink-0 font-normal max-sm:hidden"
          data-testid="version-badge"
          title={versionTitle(latestVersion, liveVersion)}
        >
          {versionLabel(latestVersion, liveVersion)}
        </Badge>
        {unpublished && (
          <Badge
            variant="outline"
            className="shrink-0 border-status-waiting/40 font-normal text-status-waiting max-sm:hidden"
            data-testid="unpublished-badge"
            title="The draft differs from the latest published version: publish to make the changes a version"
          >
            Unpublished changes
          </Badge>
        )}
        {readOnly ? <Badge variant="secondary">Read only</Badge> : <SaveIndicator status={saveStatus} />}
      </div>

      <div className="ml-auto flex shrink-0 items-center gap-1">
        {!readOnly && (
          <>
            <IconButton label="Undo" shortcut="Ctrl+Z" onClick={store.undo} disabled={!canUndo}>
              <Undo2 className="size-4" />
            </IconButton>
            <IconButton label="Redo" shortcut="Shift+Ctrl+Z" onClick={store.redo} disabled={!canRedo}>
              <Redo2 className="size-4" />
            </IconButton>
            <IconButton label="Auto-layout" shortcut="Shift+L" onClick={onLayout}>
              <LayoutDashboard className="size-4" />
            </IconButton>
            <Separator orientation="vertical" className="mx-1 h-5" />
          </>
        )}
        <Button
          variant="ghost"
          size="sm"
          aria-pressed={problemsOpen}
          aria-label={`Problems: ${problemLabel}`}
          onClick={onToggleProblems}
          className={cn(
            errors > 0 ? "text-destructive hover:text-destructive" : warnings > 0 ? "text-status-waiting" : "text-muted-foreground",
          )}
        >
          <ProblemIcon className="size-4" aria-hidden />
          <span className="hidden lg:inline">{problemLabel}</span>
        </Button>
        <Button variant="ghost" size="sm" onClick={onVersions} aria-label="Versions" title="Versions">
          <History className="size-4" aria-hidden />
          <span className="hidden lg:inline">Versions</span>
        </Button>
        {/* The menu's code loads on first hover, focus or press of its button. */}
        <LazyDropdownMenu
          trigger={
            <Button variant="ghost" size="icon" className="size-8" aria-label="More actions">
              <MoreHorizontal className="size-4" />
            </Button>
          }
          content={(ui) => (
            <ui.DropdownMenuContent align="end" className="w-52">
              <ui.DropdownMenuItem onSelect={onExport}>
                <Download className="size-4" aria-hidden /> Export JSON
              </ui.DropdownMenuItem>
              {!readOnly && (
                <ui.DropdownMenuItem onSelect={() => setImportOpen(true)}>
                  <Upload className="size-4" aria-hidden /> Import…
                </ui.DropdownMenuItem>
              )}
              {!readOnly && (
                <ui.DropdownMenuItem onSelect={onDuplicate}>
                  <Copy className="size-4" aria-hidden /> Duplicate workflow
                </ui.DropdownMenuItem>
              )}
              <ui.DropdownMenuItem asChild>
                <Link href={`/workflows/${encodeURIComponent(workflowId)}/evaluations`}>
                  <FlaskConical className="size-4" aria-hidden /> Evaluations
                </Link>
              </ui.DropdownMenuItem>
              {!readOnly && (
                <ui.DropdownMenuItem asChild>
                  <Link href={`/workflows/${encodeURIComponent(workflowId)}/settings`}>
                    <Settings2 className="size-4" aria-hidden /> Alerts and chat approvals
                  </Link>
                </ui.DropdownMenuItem>
              )}
              <ui.DropdownMenuItem onSelect={onHelp}>
                <Keyboard className="size-4" aria-hidden /> Keyboard shortcuts
              </ui.DropdownMenuItem>
              {!readOnly && (
                <>
                  <ui.DropdownMenuSeparator />
                  <ui.DropdownMenuItem variant="destructive" onSelect={() => setConfirmDelete(true)}>
                    <Trash2 className="size-4" aria-hidden /> Delete workflow
                  </ui.DropdownMenuItem>
                </>
              )}
            </ui.DropdownMenuContent>
          )}
        />
        {onTestRun && (
          <Button variant="outline" size="sm" onClick={onTestRun} aria-label="Test run" title="Test run of the draft (not published)">
            <FlaskConical className="size-4" aria-hidden />
            <span className="hidden lg:inline">Test run</span>
          </Button>
        )}
        {canRun && (
          <Button variant="outline" size="sm" onClick={onRun} aria-label="Run" title="Run">
            <Play className="size-4" aria-hidden />
            <span className="hidden lg:inline">Run</span>
          </Button>
        )}
        {!readOnly && (
          <Button size="sm" onClick={onPublish}>
            Publish
          </Button>
        )}
      </div>

      {!readOnly && importShown && <ImportWorkflowDialog open={importOpen} onOpenChange={setImportOpen} />}
      {deleteShown && <DeleteWorkflowDialog name={name} open={confirmDelete} onOpenChange={setConfirmDelete} onDelete={onDelete} />}
    </header>
  );
}

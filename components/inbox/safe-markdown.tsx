"use client";
import ReactMarkdown, { type Components } from "react-markdown";

// Task instructions are authored in workflows and rendered with values from runs: markdown only.
// Raw HTML is dropped (skipHtml), images are not loaded (no tracking pixels), and react-markdown's
// URL transform strips javascript: and other unsafe link targets.
const components: Components = {
  h1: (p) => <h3 className="mt-3 mb-1 text-base font-semibold" {...p} />,
  h2: (p) => <h3 className="mt-3 mb-1 text-base font-semibold" {...p} />,
  h3: (p) => <h4 className="mt-2 mb-1 text-sm font-semibold" {...p} />,
  p: (p) => <p className="my-1.5 leading-relaxed" {...p} />,
  ul: (p) => <ul className="my-1.5 list-disc pl-5" {...p} />,
  ol: (p) => <ol className="my-1.5 list-decimal pl-5" {...p} />,
  li: (p) => <li className="my-0.5" {...p} />,
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-primary underline underline-offset-2">
      {children}
    </a>
  ),
  code: (p) => <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]" {...p} />,
  pre: (p) => (
    <pre className="my-2 overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs [&_code]:bg-transparent [&_code]:p-0" {...p} />
  ),
  blockquote: (p) => <blockquote className="my-2 border-l-2 pl-3 text-muted-foreground" {...p} />,
  table: (p) => (
    <table
      className="my-2 w-full border-collapse text-xs [&_td]:border [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:px-2 [&_th]:py-1"
      {...p}
    />
  ),
  hr: () => <hr className="my-3" />,
};

export function SafeMarkdown({ source }: { source: string }) {
  return (
    <div className="text-sm break-words" data-testid="task-instructions">
      <ReactMarkdown skipHtml disallowedElements={["img"]} unwrapDisallowed components={components}>
        {source}
      </ReactMarkdown>
    </div>
  );
}

"use client";
// The workspace's providers, models and people (lib/workflows/design-environment.ts), read once by
// the editor page for designers: the design-time checks and the inspector's pickers share it.
// Undefined for viewers, whose inspector is read-only.
import { createContext, useContext } from "react";
import type { DesignEnvironment } from "@/lib/model/validation/design-env";

export const DesignEnvContext = createContext<DesignEnvironment | undefined>(undefined);

export function useDesignEnv(): DesignEnvironment | undefined {
  return useContext(DesignEnvContext);
}

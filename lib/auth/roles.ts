// Roles and what each may do (./permissions), plus the zod schema for a role at parse boundaries.
import { z } from "zod";
import { roles } from "./permissions";

export * from "./permissions";
export const roleSchema = z.enum(roles);

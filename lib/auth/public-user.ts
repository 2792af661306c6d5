// What the API and the Settings → Users page see of a user (no password, no sessions).
import type { Role } from "./permissions";

export interface PublicUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

import { z } from "zod";

export const taskParams = z.object({ taskId: z.string().min(1).max(100) });

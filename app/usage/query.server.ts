import { parseInput } from "~/http/bad-request.server";
import { monthOf } from "./summary.server";
import { usageQuerySchema } from "./types";

/** The month a Usage request asks for ("YYYY-MM", UTC), this month when it names none; a malformed one throws BadRequestError. */
export function readUsageMonth(request: Request, now: Date): string {
  const { month } = parseInput(usageQuerySchema, { month: new URL(request.url).searchParams.getAll("month") });
  return month[0] ?? monthOf(now);
}

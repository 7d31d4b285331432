/**
 * /__emulator/…: JSON endpoints for the demo and for a person at a terminal to
 * inject faults, read request counts and reset, without touching test code.
 */
import { behaviourSettingSchema } from "./behaviour";
import { faultSchema } from "./faults";
import type { EmulatorState } from "./emulator-state";
import { jsonReply, parseJsonBody, type EmulatorRequest, type Reply } from "./http";

export const CONTROL_PREFIX = "/__emulator";

export function handleControlRequest(state: EmulatorState, request: EmulatorRequest): Reply {
  const path = request.path.slice(CONTROL_PREFIX.length) || "/";
  const route = `${request.method} ${path}`;
  switch (route) {
    case "GET /healthz":
      return jsonReply(200, { status: "ok" });
    case "GET /requests": {
      const counts = state.log.countsByProvider();
      return jsonReply(200, { counts, total: state.log.entries.length, usage: state.log.tokensByProvider() });
    }
    case "GET /faults":
      return jsonReply(200, { pending: state.faults.pending() });
    case "POST /faults": {
      const parsed = faultSchema.safeParse(parseJsonBody(request.bodyText));
      if (!parsed.success) return jsonReply(400, { error: "invalid fault", issues: parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`) });
      state.faults.inject(parsed.data);
      return jsonReply(201, { pending: state.faults.pending() });
    }
    case "DELETE /faults":
      state.faults.clear();
      return jsonReply(200, { pending: [] });
    case "GET /behaviour":
      return jsonReply(200, state.behaviour.current());
    case "POST /behaviour": {
      const parsed = behaviourSettingSchema.safeParse(parseJsonBody(request.bodyText));
      if (!parsed.success) return jsonReply(400, { error: "invalid behaviour", issues: parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`) });
      state.behaviour.set(parsed.data);
      return jsonReply(201, state.behaviour.current());
    }
    case "DELETE /behaviour":
      state.behaviour.clear();
      return jsonReply(200, state.behaviour.current());
    case "GET /ground-truth": {
      const since = Number(request.query.get("since") ?? "0");
      return jsonReply(200, { entries: state.truth.entries.filter((entry) => entry.sequence > (Number.isFinite(since) ? since : 0)) });
    }
    case "DELETE /ground-truth":
      state.truth.clear();
      return jsonReply(200, { entries: [] });
    case "POST /reset":
      state.reset();
      return jsonReply(200, { status: "reset" });
    default:
      return jsonReply(404, { error: `no control endpoint ${route}`, endpoints: ["GET /healthz", "GET /requests", "GET|POST|DELETE /faults", "GET|POST|DELETE /behaviour", "GET|DELETE /ground-truth", "POST /reset"] });
  }
}

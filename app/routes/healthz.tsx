import database from "~/db.server";

// Liveness plus a database round-trip, for load balancers and the demo.
export const loader = async () => {
  await database.$queryRawUnsafe("SELECT 1");
  return Response.json({ ok: true });
};

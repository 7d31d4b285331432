import type { ActionFunctionArgs } from "@remix-run/node";
import { saveNewProductForm } from "~/automation/settings-form.server";
import database from "~/db.server";
import { badRequestFrom, readFormFields } from "~/http/bad-request.server";
import { authenticate } from "~/shopify.server";

// The Settings page's automation section posts here (`settings_`: no page of its own, outside the Settings layout).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  try {
    return await saveNewProductForm(database, session.shop, await readFormFields(request));
  } catch (error) {
    return badRequestFrom(error);
  }
};

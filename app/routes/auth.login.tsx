import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { createI18n } from "~/i18n/config";
import { localeFromRequest, polarisTranslations } from "~/i18n/locale.server";
import { badRequestFrom, readFormFields } from "~/http/bad-request.server";
import { login } from "~/shopify.server";

// Where the library sends a request that has no Shopify context: a shop-domain
// form that starts the install/login flow for that shop.
async function pageText(request: Request) {
  const { locale } = await localeFromRequest(request);
  const t = createI18n(locale).t;
  return {
    polaris: await polarisTranslations(locale),
    text: {
      title: t("landing.title"),
      body: t("landing.body"),
      shopLabel: t("landing.shopLabel"),
      shopHelp: t("landing.shopHelp"),
      open: t("landing.open"),
      invalidShop: t("landing.invalidShop"),
    },
  };
}

// `login` redirects into the OAuth/install flow for a valid shop, or returns what was wrong.
async function shopInvalid(request: Request): Promise<boolean> {
  const errors = await login(request);
  return errors.shop === LoginErrorType.InvalidShop;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  return { ...(await pageText(request)), shopInvalid: await shopInvalid(request) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  try {
    await readFormFields(request.clone());
  } catch (error) {
    return badRequestFrom(error);
  }
  return { shopInvalid: await shopInvalid(request) };
};

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const { text } = loaderData;
  const actionShopInvalid = actionData && "shopInvalid" in actionData ? actionData.shopInvalid : actionData ? true : undefined;
  const shopError = (actionShopInvalid ?? loaderData.shopInvalid) ? text.invalidShop : undefined;
  return (
    <AppProvider i18n={loaderData.polaris ?? {}}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">
                {text.title}
              </Text>
              <Text as="p">{text.body}</Text>
              <TextField
                type="text"
                name="shop"
                label={text.shopLabel}
                helpText={text.shopHelp}
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={shopError}
              />
              <Button submit>{text.open}</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}

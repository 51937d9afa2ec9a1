import { z } from "@hono/zod-openapi";
import { PERMISSIONS } from "../accounts/permissions";
import { PageCursor, PageLimit } from "../lib/openapi";

export const ShopKeyParams = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
export const KeyParams = ShopKeyParams.extend({
  key_id: z
    .string()
    .max(64)
    .openapi({ param: { name: "key_id", in: "path" } }),
});

const Scopes = z
  .array(z.enum(PERMISSIONS))
  .min(1)
  .max(PERMISSIONS.length)
  .openapi({
    description: "Permissions of GET /v1/permissions; a subset of the maker's own in the shop.",
    example: ["till.open"],
  });

export const CreateKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).openapi({ example: "Till 2, front counter" }),
    scopes: Scopes,
    expires_in_days: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .openapi({ description: "1–365; omit for a key that does not expire.", example: 90 }),
  })
  .openapi("CreateApiKeyRequest");

export const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().openapi({ example: "csk_Xy3kQ9" }),
    scopes: z.array(z.enum(PERMISSIONS)),
    created_at: z.string(),
    expires_at: z.string().nullable(),
    last_used_at: z.string().nullable().openapi({
      description: "Updated at most once a minute, after the request that used it.",
    }),
  })
  .openapi("ApiKey", { description: "A key as listed: never the key itself." });

export const CreatedApiKey = ApiKeySchema.omit({ last_used_at: true })
  .extend({
    key: z.string().openapi({
      description: "The key — shown this once. Store it in the till; it is kept only as a digest.",
      example: "csk_Xy3kQ9wVbT0rLmN2pQ8sHdF6gJ1kA4zE7cU5iO3yR9w",
    }),
  })
  .openapi("CreatedApiKey");

export const ApiKeyPage = z
  .object({ items: z.array(ApiKeySchema), next_cursor: z.string().nullable() })
  .openapi("ApiKeyPage");

export const KeyPageQuery = z.object({ limit: PageLimit, cursor: PageCursor });

export const KeySelf = z
  .object({
    id: z.uuid(),
    shop_id: z.uuid(),
    scopes: z.array(z.enum(PERMISSIONS)),
    expires_at: z.string().nullable(),
  })
  .openapi("ApiKeySelf");

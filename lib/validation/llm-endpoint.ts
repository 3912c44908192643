// A team's model endpoint for llm jobs (lib/llm/team-endpoint.ts): what PUT
// /api/v1/teams/{teamId}/llm-endpoint takes and what GET answers. Shared by the route, the Team
// settings card and the OpenAPI document; no server imports.
import { z } from "zod";
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from "../secrets/references";
import { httpUrlProblem } from "./http-url";

export const LLM_URL_MAX = 2048;
export const LLM_MODEL_MAX = 200;

// The whole value is one reference; spaces inside the braces are allowed, as in payloads.
const WHOLE_REFERENCE = /^\{\{\s*secrets\.([^{}\s]*)\s*\}\}$/;

/** The secret name of an apiKey reference (`{{secrets.NAME}}`), or null when it is not one. */
export function apiKeySecretName(value: string): string | null {
  const name = WHOLE_REFERENCE.exec(value.trim())?.[1];
  return name !== undefined && SECRET_NAME_PATTERN.test(name) ? name : null;
}

export const llmEndpointPutSchema = z
  .strictObject(
    {
      url: z
        .string({ error: "must be a URL" })
        .trim()
        .min(1, "must not be empty")
        .max(LLM_URL_MAX, `must be at most ${LLM_URL_MAX} characters`)
        .superRefine((v, ctx) => {
          const problem = httpUrlProblem(v, "give the key as apiKey, a team secret reference");
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        })
        .meta({ format: "uri", description: "An OpenAI-compatible chat-completions endpoint: its base URL (https://api.example.com/v1) or the full .../chat/completions URL" }),
      model: z
        .string({ error: "must be a string" })
        .trim()
        .min(1, "must not be empty (leave it out for none)")
        .max(LLM_MODEL_MAX, `must be at most ${LLM_MODEL_MAX} characters`)
        .nullish()
        .meta({ description: "The model jobs use unless their payload names one" }),
      apiKey: z
        .string({ error: "must be a string" })
        .max(100, "must be a team secret reference such as {{secrets.OPENAI_API_KEY}}")
        .nullish()
        .superRefine((v, ctx) => {
          if (v !== null && v !== undefined && !apiKeySecretName(v)) {
            ctx.addIssue({ code: "custom", message: `must be a team secret reference such as {{secrets.OPENAI_API_KEY}} (the name: ${SECRET_NAME_RULE}), never the key itself` });
          }
        })
        .meta({ description: "The team secret holding the bearer key, as {{secrets.NAME}}; sent as Authorization: Bearer <key>" }),
    },
    { error: "must be a JSON object" },
  )
  .meta({ id: "LlmEndpointUpdate" });

export type LlmEndpointPut = z.infer<typeof llmEndpointPutSchema>;

export const llmEndpointOutSchema = z
  .object({
    configured: z.boolean().meta({ description: "Whether the team has its own endpoint; false: its llm jobs use the operator's (LLM_URL)" }),
    url: z.string().nullable(),
    model: z.string().nullable(),
    apiKey: z.string().nullable().meta({ description: "The secret reference, {{secrets.NAME}}; never a value" }),
    operatorDefault: z
      .object({ available: z.boolean().meta({ description: "Whether the operator set LLM_URL" }), model: z.string().nullable().meta({ description: "LLM_MODEL" }) })
      .meta({ description: "The operator's endpoint, used when the team has none (its URL is not shown)" }),
  })
  .meta({ id: "LlmEndpoint" });

export type LlmEndpointOut = z.infer<typeof llmEndpointOutSchema>;

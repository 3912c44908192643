// Wraps a route handler so that whatever it throws becomes the one error envelope, and links built
// while it runs (lib/api/request-origin.ts) name the host the request was sent to.
import { errorResponse } from "./errors";
import { withRequestOrigin } from "./request-origin";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

export function route<C = unknown>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await withRequestOrigin(request, () => handler(request, context));
    } catch (err) {
      return errorResponse(err);
    }
  };
}

import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';

/** The request and response classes to build a `node:http` server for an express app with. */
export interface HttpClasses {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

/**
 * Request and response classes whose prototypes are the app's own request and response objects.
 * Express sets that prototype on every request (`Object.setPrototypeOf`), which gives each request
 * and response a map and descriptor array of its own (about 1.6 KiB per open stream, measured by
 * bench/held-profile.js); when the server builds them with these classes the call finds the
 * prototype already in place and changes nothing. Requests from a server built without them are
 * served as before.
 * @example createServer({ ...httpClassesFor(app) }, app)
 */
export function httpClassesFor(app: Express): HttpClasses {
  class AppRequest extends IncomingMessage {}
  Object.setPrototypeOf(AppRequest.prototype, app.request);
  app.request = AppRequest.prototype as unknown as Express['request'];
  class AppResponse extends ServerResponse {}
  Object.setPrototypeOf(AppResponse.prototype, app.response);
  app.response = AppResponse.prototype as unknown as Express['response'];
  return { IncomingMessage: AppRequest, ServerResponse: AppResponse as typeof ServerResponse };
}

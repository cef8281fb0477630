import { httpHandler } from '../../shared/http/handler';
import { MethodNotAllowedError, NotFoundError } from '../../shared/http/problem';
import { methodsAt } from '../routes';

/** The `$default` route: a path no route serves is 404; a path served for other methods is 405. */
export const handler = httpHandler().handler(async (event) => {
  const path = event.rawPath;
  const allowed = methodsAt(path);
  if (allowed.length > 0) {
    throw new MethodNotAllowedError(
      `${event.requestContext.http.method} is not supported on ${path}.`,
      allowed,
    );
  }
  throw new NotFoundError(`No route serves ${event.requestContext.http.method} ${path}.`);
});

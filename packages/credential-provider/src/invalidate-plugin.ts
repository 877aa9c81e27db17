import type {
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeHandlerOutput,
  MetadataBearer,
  Pluggable,
} from '@smithy/types';
import { classifyError } from './classify-error';

/** Error codes services send when the credentials that signed a request are no longer accepted. */
const authErrorCodes = new Set(['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId']);

/** Anything with `invalidate()`, like the provider `fromRoleChain` returns. */
export interface Invalidatable {
  invalidate(): void;
}

/**
 * A client plugin: when any service answers `ExpiredToken` or `InvalidClientTokenId` (a session revoked or
 * expired early, a skewed clock), drop the cached chain and send the request once more with new credentials.
 * Use it on each client: `client.middlewareStack.use(invalidateOnAuthErrorPlugin(credentials))`. A request
 * whose body is a one-shot stream cannot be sent again; the retry then fails like the first attempt.
 */
export function invalidateOnAuthErrorPlugin(credentials: Invalidatable): Pluggable<object, MetadataBearer> {
  const middleware =
    (next: InitializeHandler<object, MetadataBearer>) =>
    async (args: InitializeHandlerArguments<object>): Promise<InitializeHandlerOutput<MetadataBearer>> => {
      try {
        return await next(args);
      } catch (error) {
        if (!authErrorCodes.has(classifyError(error).code)) throw error;
        credentials.invalidate();
        return next(args);
      }
    };
  return {
    applyToStack(stack) {
      stack.add(middleware, { step: 'initialize', name: 'rolechainInvalidateOnAuthError', override: true });
    },
  };
}

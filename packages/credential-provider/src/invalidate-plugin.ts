import type {
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeHandlerOutput,
  MetadataBearer,
  Pluggable,
} from '@smithy/types';
import { isRejectedCredentials } from './rejected-credentials';

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
        if (!isRejectedCredentials(error)) throw error;
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

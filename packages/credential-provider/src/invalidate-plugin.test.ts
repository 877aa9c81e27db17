import type { InitializeHandler, InitializeMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { describe, expect, it, vi } from 'vitest';
import { invalidateOnAuthErrorPlugin } from './invalidate-plugin';

function installed(invalidate: () => void) {
  let middleware: InitializeMiddleware<object, MetadataBearer> | undefined;
  let options: unknown;
  const stack = {
    add: (added: InitializeMiddleware<object, MetadataBearer>, addedOptions: unknown) => {
      middleware = added;
      options = addedOptions;
    },
  } as unknown as MiddlewareStack<object, MetadataBearer>;
  invalidateOnAuthErrorPlugin({ invalidate }).applyToStack(stack);
  return { middleware: middleware!, options };
}

const ok = { output: { $metadata: {} }, response: {} };
function serviceError(name: string) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 403 } });
}

describe('invalidateOnAuthErrorPlugin', () => {
  it('runs first, in the initialize step, so the retry resolves credentials again', () => {
    expect(installed(() => undefined).options).toMatchObject({
      step: 'initialize',
      name: 'rolechainInvalidateOnAuthError',
    });
  });

  it.each(['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId'])(
    'on %s invalidates and sends once more',
    async (code) => {
      const invalidate = vi.fn();
      const next = vi
        .fn<InitializeHandler<object, MetadataBearer>>()
        .mockRejectedValueOnce(serviceError(code))
        .mockResolvedValueOnce(ok);
      const { middleware } = installed(invalidate);
      await expect(middleware(next, {})({ input: {} })).resolves.toBe(ok);
      expect(invalidate).toHaveBeenCalledTimes(1);
      expect(next).toHaveBeenCalledTimes(2);
    },
  );

  it('retries only once', async () => {
    const invalidate = vi.fn();
    const next = vi
      .fn<InitializeHandler<object, MetadataBearer>>()
      .mockRejectedValue(serviceError('ExpiredToken'));
    await expect(installed(invalidate).middleware(next, {})({ input: {} })).rejects.toThrow('ExpiredToken');
    expect(next).toHaveBeenCalledTimes(2);
    expect(invalidate).toHaveBeenCalledTimes(1);
  });

  it('leaves other errors alone', async () => {
    const invalidate = vi.fn();
    const next = vi
      .fn<InitializeHandler<object, MetadataBearer>>()
      .mockRejectedValue(serviceError('AccessDenied'));
    await expect(installed(invalidate).middleware(next, {})({ input: {} })).rejects.toThrow('AccessDenied');
    expect(next).toHaveBeenCalledTimes(1);
    expect(invalidate).not.toHaveBeenCalled();
  });
});

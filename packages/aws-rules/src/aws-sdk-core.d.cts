// Types of aws-sdk-core.cjs: the SDK's own declarations for exactly the values it re-exports.
export { parseArn, partition } from '@aws-sdk/core/client';

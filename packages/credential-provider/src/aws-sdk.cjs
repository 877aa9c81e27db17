'use strict';
// The AWS SDK values the provider uses, loaded with require(). Under Node the SDK is CommonJS, and when an ES
// module imports a CommonJS file, Node's ESM loader compiles that file once more to detect its syntax and
// scans it for export names: for @aws-sdk/client-sts and @aws-sdk/core/client that cost more CPU than loading
// them. The build bundles this file, so the ES module build calls these require()s through createRequire and
// imports no CommonJS file at all (decision 0002): the SDK loads as plain CommonJS, the way the SDK's own
// providers load their STS client.
const { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } = require('@aws-sdk/client-sts');
const { setCredentialFeature } = require('@aws-sdk/core/client');
const { isThrottlingError, isTransientError } = require('@smithy/core/retry');
// node:crypto's randomUUID, required here too: the SDK's signer has loaded node:crypto already, so it costs
// nothing, where an ES import of a built-in builds a facade of all its exports. The SDK draws every request's
// invocation id from the same function (through the Web Crypto global), so the provider's id takes its random
// bytes from the batch the SDK fills anyway; randomBytes would start a second source (about 0.2 ms cold).
const { randomUUID } = require('node:crypto');

exports.AssumeRoleCommand = AssumeRoleCommand;
exports.GetCallerIdentityCommand = GetCallerIdentityCommand;
exports.STSClient = STSClient;
exports.setCredentialFeature = setCredentialFeature;
exports.isThrottlingError = isThrottlingError;
exports.isTransientError = isTransientError;
exports.randomUUID = randomUUID;

'use strict';
// The AWS SDK functions these rules use, loaded with require(). When an ES module imports a CommonJS file
// directly, Node's ESM loader compiles it once more to scan it for export names; for @aws-sdk/core/client
// that costs more CPU than loading it (see credential-provider's aws-sdk.cjs). Bundled into each package
// with this file, the SDK module loads as plain CommonJS.
const { parseArn, partition } = require('@aws-sdk/core/client');

exports.parseArn = parseArn;
exports.partition = partition;

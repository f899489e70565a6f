'use strict';
// s3rver 3.7.1 on 127.0.0.1, for tests/Etl.Aws.Tests. Usage: node s3.js DIRECTORY PORT BUCKET... (PORT 0 = any free one).
// Prints {"port": N} on one line once listening. Adds three S3 behaviours s3rver lacks, each as S3 documents it:
//  - conditional writes: PutObject and CompleteMultipartUpload with If-None-Match: * answer 412 PreconditionFailed when
//    the key exists (checked and published under one lock per key, so racing writers get exactly one winner);
//  - AbortMultipartUpload (DELETE ?uploadId=): removes the upload's parts, 204; s3rver answers 405;
//  - the headers a presigned URL signs: a request whose X-Amz-SignedHeaders names a header it does not carry answers 403
//    SignatureDoesNotMatch, as S3 does (s3rver checks no signatures, so a client that forgot a signed header would pass);
//  - fault injection for retry tests: POST /__faults?count=N&status=S[&method=M] makes the next N requests (of method M,
//    when given) answer S without reaching s3rver: 503 SlowDown, 409 ConditionalRequestConflict (what S3 answers while
//    another conditional write to the key is in progress), else 500 InternalError; GET /__requests counts S3 requests.
const path = require('path');
const fs = require('fs');
const S3rver = require('s3rver');

const [directory, port, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port || 0),
  silent: true,
  directory,
  configureBuckets: buckets.map(name => ({ name })),
});

const locks = new Map();
async function exclusive(name, action) {
  const previous = locks.get(name) || Promise.resolve();
  let release;
  const current = new Promise(resolve => (release = resolve));
  const chained = previous.then(() => current);
  locks.set(name, chained);
  await previous;
  try {
    return await action();
  } finally {
    release();
    if (locks.get(name) === chained) locks.delete(name);
  }
}

function s3Error(ctx, status, code, message) {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

function objectOf(ctx) {
  const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
  return match ? { bucket: decodeURIComponent(match[1]), key: decodeURIComponent(match[2]) } : null;
}

let faults = { count: 0, status: 503 };
let requests = 0;

server.middleware.unshift(async (ctx, next) => {
  if (ctx.path === '/__faults' && ctx.method === 'POST') {
    faults = { count: Number(ctx.query.count || 1), status: Number(ctx.query.status || 503), method: ctx.query.method };
    ctx.status = 204;
    return;
  }
  if (ctx.path === '/__requests') {
    ctx.body = { requests };
    return;
  }
  requests++;
  if (faults.count > 0 && (!faults.method || faults.method === ctx.method)) {
    faults.count--;
    const code = { 503: 'SlowDown', 409: 'ConditionalRequestConflict' }[faults.status] || 'InternalError';
    return s3Error(ctx, faults.status, code, 'Injected fault');
  }

  const signed = String(ctx.query['X-Amz-SignedHeaders'] || '').split(';').filter(Boolean);
  const missing = signed.filter(name => ctx.headers[name.toLowerCase()] === undefined);
  if (missing.length > 0) {
    return s3Error(ctx, 403, 'SignatureDoesNotMatch', `The request signature we calculated does not match the signature you provided: the URL signs ${missing.join(', ')}, which the request does not carry.`);
  }

  const object = objectOf(ctx);
  if (object && ctx.method === 'DELETE' && 'uploadId' in ctx.query) {
    const uploads = server.store.getResourcePath(object.bucket, undefined, 'uploads');
    const uploadDir = path.join(uploads, path.basename(String(ctx.query.uploadId)));
    if (!fs.existsSync(uploadDir)) return s3Error(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist.');
    fs.rmSync(uploadDir, { recursive: true, force: true });
    ctx.status = 204;
    return;
  }

  const publishes = ctx.method === 'PUT' ? !('uploadId' in ctx.query) && !('partNumber' in ctx.query) && !('tagging' in ctx.query)
    : ctx.method === 'POST' && 'uploadId' in ctx.query;
  if (object && publishes && ctx.headers['if-none-match'] === '*') {
    return exclusive(`${object.bucket}/${object.key}`, async () => {
      if (await server.store.existsObject(object.bucket, object.key)) {
        return s3Error(ctx, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
      }
      return next();
    });
  }
  return next();
});

server.run().then(address => {
  process.stdout.write(JSON.stringify({ port: address.port }) + '\n');
}, error => {
  process.stderr.write(`s3rver did not start: ${error.stack || error}\n`);
  process.exit(1);
});

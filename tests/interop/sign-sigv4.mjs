// An independent SigV4 signer for the .NET tests: @smithy/signature-v4 (the AWS SDK for JavaScript's signer) with
// node's own crypto. Reads a JSON array of requests from the file named by argv[2] and prints, for each, the
// canonical request, the string to sign, the signature and the signed headers (header mode) or query (query mode).
//
// A request: { id, mode: "header" | "query", method, hostname, path, query: { name: value | [values] },
//   headers: { name: value }, body: base64 | null, credentials: { accessKeyId, secretAccessKey, sessionToken? },
//   region, service, timestamp, expiresIn?, applyChecksum, uriEscapePath, unsignableHeaders?: [names] }
import { readFileSync } from "node:fs";
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

class NodeSha256 {
  constructor(secret) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", secret);
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const results = [];
for (const r of JSON.parse(readFileSync(process.argv[2], "utf8"))) {
  const signer = new SignatureV4({
    credentials: r.credentials,
    region: r.region,
    service: r.service,
    sha256: NodeSha256,
    applyChecksum: r.applyChecksum,
    uriEscapePath: r.uriEscapePath,
  });
  // The intermediate results are what the vectors compare byte for byte; the signer computes them in these two methods.
  const seen = {};
  const canonical = signer.createCanonicalRequest.bind(signer);
  signer.createCanonicalRequest = (...a) => (seen.canonicalRequest = canonical(...a));
  const stringToSign = signer.createStringToSign.bind(signer);
  signer.createStringToSign = async (...a) => (seen.stringToSign = await stringToSign(...a));

  const request = {
    method: r.method,
    protocol: "https:",
    hostname: r.hostname,
    path: r.path,
    query: r.query ?? {},
    headers: r.headers ?? {},
    body: r.body == null ? undefined : Buffer.from(r.body, "base64"),
  };
  const options = {
    signingDate: new Date(r.timestamp),
    unsignableHeaders: new Set(r.unsignableHeaders ?? []),
  };
  const signed =
    r.mode === "query"
      ? await signer.presign(request, { ...options, expiresIn: r.expiresIn })
      : await signer.sign(request, options);
  results.push({
    id: r.id,
    canonicalRequest: seen.canonicalRequest,
    stringToSign: seen.stringToSign,
    signature: r.mode === "query" ? signed.query["X-Amz-Signature"] : /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization)[1],
    headers: signed.headers,
    query: signed.query,
  });
}
process.stdout.write(JSON.stringify(results));

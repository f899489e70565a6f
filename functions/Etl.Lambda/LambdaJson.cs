using System.Text.Json.Serialization;
using Etl.Lambda.Client;
using Etl.Lambda.Http;

namespace Etl.Lambda;

/// <summary>Source-generated JSON for the documents the host reads and writes (no reflection on the invocation path).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ApiGatewayRequest))]
[JsonSerializable(typeof(HttpApiV2Response))]
[JsonSerializable(typeof(RestApiV1Response))]
[JsonSerializable(typeof(ErrorReport))]
[JsonSerializable(typeof(string))]
internal sealed partial class LambdaJson : JsonSerializerContext;

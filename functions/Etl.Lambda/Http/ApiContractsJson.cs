using System.Text.Json;
using System.Text.Json.Serialization;
using Etl.Api.Contracts;

namespace Etl.Lambda.Http;

/// <summary>
/// Source-generated JSON metadata of the Etl.Api request and response records, first in the HTTP JSON options'
/// resolver chain: a cold start then builds no reflection metadata for them, and a NativeAOT build (where reflection
/// is off) can serialize them at all. Types not listed here fall through to the framework's resolver. Belongs beside
/// the contracts in Etl.Api once that project is made AOT-safe (see /work/notes/lambda.md).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(SignedUploadRequest))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(SignedUploadResponse))]
[JsonSerializable(typeof(TriggerRequest))]
[JsonSerializable(typeof(TriggerResponse))]
[JsonSerializable(typeof(JobStatusResponse))]
[JsonSerializable(typeof(JobListResponse))]
[JsonSerializable(typeof(DownloadResponse))]
[JsonSerializable(typeof(AgentInvokeRequest))]
internal sealed partial class ApiContractsJson : JsonSerializerContext;

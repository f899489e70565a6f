using System.Text.Json;
using System.Text.Json.Serialization;
using Etl.Api.Contracts;

namespace Etl.Api.Http;

/// <summary>
/// Source-generated JSON metadata of the request and response records, first in the HTTP JSON options' resolver chain
/// (<see cref="EtlApi.AddEtlApi"/>): a cold start builds no reflection metadata for them, and a NativeAOT host (where
/// reflection is off) can serialize them at all. The names and the rest of the settings come from the host's options.
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
[JsonSerializable(typeof(AgentInvokeResponse))]
[JsonSerializable(typeof(DatasetListResponse))]
[JsonSerializable(typeof(DatasetResponse))]
[JsonSerializable(typeof(DatasetVersionResponse))]
[JsonSerializable(typeof(PolicyRequest))]
[JsonSerializable(typeof(RollbackRequest))]
internal sealed partial class ApiContractsJson : JsonSerializerContext;

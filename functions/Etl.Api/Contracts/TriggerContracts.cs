using System.Text.Json;

namespace Etl.Api.Contracts;

/// <summary>POST /trigger-job. <see cref="Options"/> is accepted and reserved for stage options.</summary>
public sealed record TriggerRequest(string? JobId, string? OutputFormat, JsonElement? Options);

/// <summary>202 answer: the job is RUNNING (queued or in a stage).</summary>
public sealed record TriggerResponse(string JobId, string Status, string Message);

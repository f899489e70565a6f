using System.Text.Json;

namespace Etl.Api.Contracts;

/// <summary>
/// POST /trigger-job. <see cref="Dataset"/> loads the file as the next version of that dataset; <see cref="Normalize"/>
/// splits JSON into related tables (null: the default rule, true when a dataset is named and the JSON has arrays of
/// objects); <see cref="Options"/> is an object of normalization settings, kept on the job as JSON text.
/// </summary>
public sealed record TriggerRequest(string? JobId, string? OutputFormat, string? Dataset = null, bool? Normalize = null, JsonElement? Options = null);

/// <summary>202 answer: the job is RUNNING (queued or in a stage).</summary>
public sealed record TriggerResponse(string JobId, string Status, string Message);

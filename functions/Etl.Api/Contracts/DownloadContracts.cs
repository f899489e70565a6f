namespace Etl.Api.Contracts;

/// <summary>GET /download/{jobId}: GET <see cref="DownloadUrl"/> within <see cref="ExpiresIn"/> seconds.</summary>
public sealed record DownloadResponse(Uri DownloadUrl, string FileName, int ExpiresIn);

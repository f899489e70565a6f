namespace Etl.Api.Contracts;

/// <summary>POST /upload with a JSON body: announce a file, get a URL to PUT its bytes to.</summary>
public sealed record SignedUploadRequest(string? FileName, long? Size, string? ContentType);

/// <summary>201 answer to a multipart upload: the file is stored and the job is PENDING.</summary>
public sealed record UploadResponse(string JobId, string FileName, string Status, string Message);

/// <summary>201 answer to a JSON upload: PUT the bytes to <see cref="UploadUrl"/> within <see cref="ExpiresIn"/> seconds.</summary>
public sealed record SignedUploadResponse(string JobId, string Message, Uri UploadUrl, int ExpiresIn);

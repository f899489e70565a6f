namespace Etl.Api.Contracts;

/// <summary>POST /upload with a JSON body: announce a file, get a URL to PUT its bytes to.</summary>
public sealed record SignedUploadRequest(string? FileName, long? Size, string? ContentType);

/// <summary>201 answer to a multipart upload: the file is stored and the job is PENDING.</summary>
public sealed record UploadResponse(string JobId, string FileName, string Status, string Message);

/// <summary>201 answer to a JSON upload: PUT the bytes to <see cref="UploadUrl"/> within <see cref="ExpiresIn"/> seconds.</summary>
/// <param name="JobId">The new job.</param>
/// <param name="Message">What to do next, in a sentence.</param>
/// <param name="UploadUrl">Where to PUT the bytes.</param>
/// <param name="ExpiresIn">Seconds the URL stays valid.</param>
/// <param name="UploadHeaders">Headers the PUT must carry as given (on AWS, <c>If-None-Match: *</c>, which seals the input); empty when none.</param>
public sealed record SignedUploadResponse(string JobId, string Message, Uri UploadUrl, int ExpiresIn, IReadOnlyDictionary<string, string> UploadHeaders);

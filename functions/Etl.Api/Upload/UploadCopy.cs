using Etl.Api.Http;
using Etl.Core.Validation;

namespace Etl.Api.Upload;

/// <summary>
/// Copies an upload into a blob write while checking it: its first bytes against the declared kind, and its length
/// against the limit. A failed check throws <see cref="UploadRejectedException"/>, which abandons the write.
/// </summary>
internal static class UploadCopy
{
    public static async Task<FileKind> CopyCheckedAsync(
        Stream source, Stream target, FileKind? declared, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int headLength;
        try
        {
            headLength = await source.ReadAtLeastAsync(buffer.AsMemory(0, ContentSniffer.HeadLength), ContentSniffer.HeadLength,
                throwOnEndOfStream: false, cancellationToken);
        }
        catch (IOException ex) when (!IsTooLarge(ex))
        {
            throw new UploadRejectedException(EndedEarly());
        }

        var head = buffer.AsSpan(0, headLength);
        if (headLength == 0)
        {
            throw new UploadRejectedException(Problems.BadRequest("The file is empty (0 bytes). Choose the file again and upload it."));
        }

        var kind = declared ?? Infer(head);
        if (ContentSniffer.Contradiction(kind, head) is { } contradiction)
        {
            throw new UploadRejectedException(Problems.UnsupportedType(contradiction));
        }

        long total = headLength;
        await target.WriteAsync(buffer.AsMemory(0, headLength), cancellationToken);
        int read;
        while ((read = await ReadAsync(source, buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw new UploadRejectedException(TooLarge(maxBytes));
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total > maxBytes ? throw new UploadRejectedException(TooLarge(maxBytes)) : kind;
    }

    /// <summary>The request body ended before the file did: a multipart body without its closing boundary, or a dropped connection.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult EndedEarly() => Problems.BadRequest(
        "The upload ended before the file did: the multipart body stops before its closing boundary, or the connection closed early. " +
        "Nothing was stored; send the whole file again.");

    // Body read errors are the client's (truncated body, dropped connection); write errors stay the server's.
    private static async ValueTask<int> ReadAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException ex) when (!IsTooLarge(ex))
        {
            throw new UploadRejectedException(EndedEarly());
        }
    }

    private static bool IsTooLarge(IOException ex) =>
        ex is Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: Microsoft.AspNetCore.Http.StatusCodes.Status413PayloadTooLarge };

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long maxBytes) => Problems.TooLarge(
        $"The file is larger than this upload path allows ({Describe(maxBytes)}). Upload larger files with POST /upload and a JSON body " +
        "{\"fileName\": …, \"size\": …}, then PUT the bytes to the returned uploadUrl.");

    public static string Describe(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        _ => $"{bytes} bytes",
    };

    private static FileKind Infer(ReadOnlySpan<byte> head)
    {
        switch (ContentSniffer.Sniff(head))
        {
            case SniffedContent.Parquet:
                return FileKind.Parquet;
            case SniffedContent.Zip:
                return FileKind.Zip;
            case SniffedContent.Json:
                return head.TrimStart("\uFEFF \t\r\n"u8).StartsWith("["u8) ? FileKind.Json : FileKind.Ndjson;
            default:
                throw new UploadRejectedException(Problems.UnsupportedType(
                    $"The file has no known extension and its content is neither Parquet nor JSON (it starts with {ContentSniffer.Describe(head)}). Upload {FileKinds.SupportedDescription}."));
        }
    }
}

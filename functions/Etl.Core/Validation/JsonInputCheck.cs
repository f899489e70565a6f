using System.Buffers;
using System.Text.Json;

namespace Etl.Core.Validation;

/// <summary>
/// Reads a JSON or NDJSON upload once, start to end, with a forward-only reader, so a malformed or truncated file is
/// reported with its byte offset and memory stays bounded however large the file is.
/// </summary>
public static class JsonInputCheck
{
    private const int BufferSize = 64 * 1024;

    public static async Task CheckAsync(Stream input, FileKind kind, CancellationToken cancellationToken)
    {
        var options = new JsonReaderOptions
        {
            AllowMultipleValues = kind == FileKind.Ndjson,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = 256,
        };
        var state = new JsonReaderState(options);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            // A UTF-8 byte order mark is legal before JSON text in files; the reader does not skip it itself.
            var kept = await ReadAtLeastAsync(input, buffer, 3, cancellationToken);
            long consumedBefore = 0;
            if (buffer.AsSpan(0, kept).StartsWith("\uFEFF"u8))
            {
                buffer.AsSpan(3, kept - 3).CopyTo(buffer);
                kept -= 3;
                consumedBefore = 3;
            }

            var sawValue = false;
            while (true)
            {
                if (kept == buffer.Length)
                {
                    // One token longer than the buffer: grow instead of failing on a long string.
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, kept).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await input.ReadAsync(buffer.AsMemory(kept), cancellationToken);
                var length = kept + read;
                var isFinal = read == 0;
                var consumed = (int)Scan(buffer.AsSpan(0, length), isFinal, ref state, consumedBefore, ref sawValue);
                if (isFinal)
                {
                    break;
                }

                kept = length - consumed;
                buffer.AsSpan(consumed, kept).CopyTo(buffer);
                consumedBefore += consumed;
            }

            if (!sawValue)
            {
                throw new InputValidationException(InputErrorTypes.EmptyFile,
                    "The file contains no JSON value (it is empty or only whitespace). Upload a file with at least one JSON object.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> ReadAtLeastAsync(Stream input, byte[] buffer, int minimum, CancellationToken cancellationToken) =>
        await input.ReadAtLeastAsync(buffer.AsMemory(), minimum, throwOnEndOfStream: false, cancellationToken);

    private static long Scan(ReadOnlySpan<byte> span, bool isFinal, ref JsonReaderState state, long offset, ref bool sawValue)
    {
        var reader = new Utf8JsonReader(span, isFinal, state);
        try
        {
            while (reader.Read())
            {
                sawValue = true;
            }
        }
        catch (JsonException ex)
        {
            throw new InputValidationException(InputErrorTypes.InvalidJson,
                $"The file is not valid JSON near byte offset {offset + reader.BytesConsumed} (line {ex.LineNumber + 1}): {FirstSentence(ex.Message)} Fix the file and upload it again.");
        }

        state = reader.CurrentState;
        return reader.BytesConsumed;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}

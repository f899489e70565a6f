using System.Buffers.Binary;

namespace Etl.Core.Validation;

/// <summary>
/// Checks the frame of a Parquet file without decoding it: "PAR1" at both ends and a footer length that fits.
/// A truncated upload fails here with the byte offsets involved, before any stage reads further.
/// </summary>
public static class ParquetEnvelope
{
    // "PAR1" + at least one byte of footer + 4-byte footer length + "PAR1".
    private const int MinimumLength = 4 + 1 + 4 + 4;

    public static void Check(Stream file)
    {
        if (!file.CanSeek)
        {
            throw new ArgumentException("The Parquet envelope check needs a seekable stream.", nameof(file));
        }

        var length = file.Length;
        if (length == 0)
        {
            throw new InputValidationException(InputErrorTypes.EmptyFile, "The uploaded file is empty (0 bytes). Upload the file again.");
        }

        Span<byte> head = stackalloc byte[4];
        file.Position = 0;
        file.ReadExactly(head[..(int)Math.Min(4, length)]);
        if (!head.StartsWith(ContentSniffer.ParquetMagic))
        {
            throw new InputValidationException(InputErrorTypes.InvalidParquet,
                $"Not a Parquet file: it starts with {ContentSniffer.Describe(head[..(int)Math.Min(4, length)])} instead of the magic bytes 'PAR1' (byte offset 0).");
        }

        if (length < MinimumLength)
        {
            throw new InputValidationException(InputErrorTypes.InvalidParquet,
                $"The Parquet file is only {length} bytes long; a complete file has at least {MinimumLength}. The upload is probably truncated: upload it again.");
        }

        Span<byte> tail = stackalloc byte[8];
        file.Position = length - 8;
        file.ReadExactly(tail);
        if (!tail[4..].SequenceEqual(ContentSniffer.ParquetMagic))
        {
            throw new InputValidationException(InputErrorTypes.InvalidParquet,
                $"The Parquet file is truncated or damaged: its last 4 bytes (byte offset {length - 4}) are {ContentSniffer.Describe(tail[4..])}, not the closing magic 'PAR1'. The file is {length} bytes long; upload the complete file again.");
        }

        var footerLength = BinaryPrimitives.ReadUInt32LittleEndian(tail);
        if (footerLength == 0 || footerLength > length - MinimumLength + 1)
        {
            throw new InputValidationException(InputErrorTypes.InvalidParquet,
                $"The Parquet footer length at byte offset {length - 8} says {footerLength} bytes, which does not fit in a file of {length} bytes. The file is damaged; upload it again.");
        }

        file.Position = 0;
    }
}

using System.Buffers.Binary;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File;

/// <summary>
/// Opens a Parquet file: checks the magic bytes, decodes and validates the footer, rebuilds the schema, and
/// hands out one <see cref="RowGroupReader"/> per row group. Nothing but the footer is read up front, so memory
/// does not grow with the file.
/// </summary>
public sealed class ParquetFileReader : IDisposable
{
    /// <summary>Footers larger than this are refused before allocation (real footers are kilobytes to a few MB).</summary>
    public const int MaxFooterLength = 256 * 1024 * 1024;

    private static ReadOnlySpan<byte> Magic => "PAR1"u8;
    private static ReadOnlySpan<byte> EncryptedMagic => "PARE"u8;

    private readonly IRandomAccessSource _source;

    public ParquetFileReader(IRandomAccessSource source, ParquetReadOptions? options = null)
    {
        _source = source;
        Options = options ?? ParquetReadOptions.Default;
        try
        {
            (Metadata, FooterOffset) = ReadFooter(source);
            Schema = ParquetSchema.Build(Metadata.Schema);
            Validate();
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public ParquetFileReader(Stream stream, bool leaveOpen = false, ParquetReadOptions? options = null)
        : this(new StreamSource(stream, leaveOpen), options)
    {
    }

    /// <summary>Opens a file on disk with positional reads.</summary>
    public static ParquetFileReader Open(string path, ParquetReadOptions? options = null) => new(new FileSource(path), options);

    public FileMetaData Metadata { get; }
    public ParquetSchema Schema { get; }
    public ParquetReadOptions Options { get; }
    public long Length => _source.Length;
    public int RowGroupCount => Metadata.RowGroups.Count;
    /// <summary>
    /// Rows the file holds: the sum of its row groups' counts. The footer's own num_rows is not used: some writers
    /// leave it 0 or wrong, and DuckDB, Arrow and hyparquet also read what the row groups hold.
    /// </summary>
    public long RowCount { get; private set; }

    /// <summary>Absolute offset of the footer; column chunks must end before it.</summary>
    public long FooterOffset { get; }

    internal IRandomAccessSource Source => _source;

    public RowGroupReader RowGroup(int index)
    {
        if ((uint)index >= (uint)Metadata.RowGroups.Count) throw new ArgumentOutOfRangeException(nameof(index));
        return new RowGroupReader(this, index, Metadata.RowGroups[index]);
    }

    public void Dispose() => _source.Dispose();

    private static (FileMetaData, long) ReadFooter(IRandomAccessSource source)
    {
        var length = source.Length;
        if (length == 0) throw new ParquetFormatException("the file is empty; a Parquet file holds at least 12 bytes");
        Span<byte> head = stackalloc byte[4];
        if (length >= 4)
        {
            source.ReadExactly(0, head);
            if (head.SequenceEqual(EncryptedMagic))
                throw new ParquetEncryptedException("the file is encrypted (Parquet Modular Encryption, magic PARE); decrypt it with the writer's keys before uploading");
        }
        if (length < 12 || !head.SequenceEqual(Magic))
            throw new ParquetFormatException(length < 4 || head.SequenceEqual(Magic)
                ? $"the file is only {length} bytes long, and a Parquet file holds at least 12 (was it cut short?)"
                : "not a Parquet file: it does not start with the magic bytes PAR1").At(offset: 0);
        Span<byte> tail = stackalloc byte[8];
        source.ReadExactly(length - 8, tail);
        if (tail[4..].SequenceEqual(EncryptedMagic))
            throw new ParquetEncryptedException("the file is encrypted (Parquet Modular Encryption, footer magic PARE); decrypt it with the writer's keys before uploading");
        if (!tail[4..].SequenceEqual(Magic))
            throw new ParquetFormatException("the file does not end with the magic bytes PAR1: it is truncated or not Parquet").At(offset: length - 4);
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        var footerOffset = length - 8 - footerLength;
        if (footerLength <= 0 || footerOffset < 4 || footerLength > MaxFooterLength)
            throw new ParquetFormatException($"the footer length {footerLength} does not fit in a file of {length} bytes: the file is truncated or corrupt").At(offset: length - 8);
        var footer = GC.AllocateUninitializedArray<byte>(footerLength);
        source.ReadExactly(footerOffset, footer);
        try
        {
            return (FileMetaDataDecoder.Decode(footer, footerOffset), footerOffset);
        }
        catch (ParquetFormatException e)
        {
            throw new ParquetFormatException($"the footer is corrupt: {e.Problem}", e).At(offset: e.Offset ?? footerOffset);
        }
    }

    private void Validate()
    {
        if (Metadata.HasEncryptionAlgorithm)
            throw new ParquetEncryptedException("the file is encrypted (Parquet Modular Encryption with a plaintext footer); decrypt it with the writer's keys before uploading");
        if (Metadata.NumRows < 0) throw new ParquetFormatException($"the footer declares {Metadata.NumRows} rows");
        var columns = Schema.Columns.Count;
        long rows = 0;
        for (var i = 0; i < Metadata.RowGroups.Count; i++)
        {
            var rg = Metadata.RowGroups[i];
            if (rg.Columns.Count != columns)
                throw new ParquetFormatException($"row group {i} has {rg.Columns.Count} column chunks but the schema has {columns} columns").At(rowGroup: i);
            if (rg.NumRows < 0) throw new ParquetFormatException($"row group {i} declares {rg.NumRows} rows").At(rowGroup: i);
            if (rg.NumRows > long.MaxValue - rows)
                throw new ParquetFormatException($"the row groups declare more than {long.MaxValue} rows in all: the footer is corrupt").At(rowGroup: i);
            rows += rg.NumRows;
            for (var c = 0; c < rg.Columns.Count; c++)
            {
                if (rg.Columns[c].HasCryptoMetadata)
                    throw new ParquetEncryptedException($"column '{Schema.Columns[c].DottedPath}' is encrypted (Parquet Modular Encryption); decrypt the file before uploading");
            }
        }
        // Each row group's count is still checked against its column chunks as they are read (RowGroupReader).
        RowCount = rows;
    }
}

/// <summary>Reader settings.</summary>
public sealed record ParquetReadOptions
{
    public static ParquetReadOptions Default { get; } = new();

    /// <summary>Check page CRCs where pages carry one (a mismatch is an error). On by default.</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>Largest uncompressed page accepted; larger declarations are refused before allocation.</summary>
    public int MaxPageSize { get; init; } = 1024 * 1024 * 1024;

    /// <summary>The default <see cref="MaxDecodedRowGroupBytes"/>: 1 GiB.</summary>
    public const long DefaultMaxDecodedRowGroupBytes = 1L << 30;

    /// <summary>
    /// Most bytes decoding one row group may allocate — the arrays of values, byte-array offsets and levels of the
    /// columns read from one <see cref="RowGroupReader"/> (summed when they are read in parallel), dictionaries while
    /// their chunk is decoded, and the arrays a growth replaced (memory until the GC takes them). Checked from the
    /// footer's counts before decoding and before every allocation while decoding (dictionary values expanded too),
    /// so a small file with a huge row group fails with <see cref="ParquetRowGroupTooLargeException"/> instead of
    /// taking the machine's memory. Arrays are sized ahead from the first page, so a row group whose decoded data is
    /// up to about 15/16 of this reads. Default 1 GiB (<see cref="DefaultMaxDecodedRowGroupBytes"/>).
    /// </summary>
    public long MaxDecodedRowGroupBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = DefaultMaxDecodedRowGroupBytes;
}

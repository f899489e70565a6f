using System.Buffers;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Meta;

public class FileMetaDataEncoderTests
{
    public static TheoryData<string> ReadableFiles() => new(Footer.ReadableCorpusFiles());

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void Corpus_footers_survive_a_decode_encode_round_trip(string file)
    {
        FileMetaData original = FileMetaDataDecoder.Decode(Footer.Read(file));
        byte[] encoded = FileMetaDataEncoder.Encode(original);
        FileMetaData decoded = FileMetaDataDecoder.Decode(encoded);

        // Re-encoding the decoded copy is byte-identical, so every modelled field survived.
        Assert.Equal(encoded, FileMetaDataEncoder.Encode(decoded));
        Assert.Equal(original.NumRows, decoded.NumRows);
        Assert.Equal(original.Schema.Count, decoded.Schema.Count);
        for (int i = 0; i < original.Schema.Count; i++)
        {
            Assert.Equal(original.Schema[i].Name, decoded.Schema[i].Name);
            Assert.Equal(original.Schema[i].LogicalType?.Kind is null or LogicalTypeKind.Unknown
                ? null : original.Schema[i].LogicalType!.Kind, decoded.Schema[i].LogicalType?.Kind);
        }
        Assert.Equal(original.CreatedBy, decoded.CreatedBy);
    }

    [Fact]
    public void Logical_type_parameters_round_trip()
    {
        var metadata = new FileMetaData
        {
            Version = 2,
            NumRows = 0,
            Schema =
            [
                new SchemaElement { Name = "root", NumChildren = 4 },
                Leaf("d", PhysicalType.Int64, new LogicalType { Kind = LogicalTypeKind.Decimal, Scale = 3, Precision = 18 }),
                Leaf("t", PhysicalType.Int64, new LogicalType { Kind = LogicalTypeKind.Timestamp, IsAdjustedToUtc = true, Unit = TimeUnit.Nanos }),
                Leaf("i", PhysicalType.Int32, new LogicalType { Kind = LogicalTypeKind.Integer, BitWidth = 16, IsSigned = false }),
                Leaf("u", PhysicalType.FixedLenByteArray, new LogicalType { Kind = LogicalTypeKind.Uuid }),
            ],
        };
        FileMetaData decoded = FileMetaDataDecoder.Decode(FileMetaDataEncoder.Encode(metadata));

        LogicalType d = decoded.Schema[1].LogicalType!, t = decoded.Schema[2].LogicalType!, i = decoded.Schema[3].LogicalType!;
        Assert.Equal((LogicalTypeKind.Decimal, 3, 18), (d.Kind, d.Scale, d.Precision));
        Assert.Equal((LogicalTypeKind.Timestamp, true, TimeUnit.Nanos), (t.Kind, t.IsAdjustedToUtc, t.Unit));
        Assert.Equal((LogicalTypeKind.Integer, 16, false), (i.Kind, i.BitWidth, i.IsSigned));
        Assert.Equal(LogicalTypeKind.Uuid, decoded.Schema[4].LogicalType!.Kind);
    }

    private static SchemaElement Leaf(string name, PhysicalType type, LogicalType logicalType) => new()
    {
        Name = name,
        Type = type,
        RepetitionType = FieldRepetitionType.Optional,
        LogicalType = logicalType,
    };

    [Fact]
    public void Page_headers_round_trip()
    {
        PageHeader[] headers =
        [
            new() { Type = PageType.DictionaryPage, UncompressedPageSize = 10, CompressedPageSize = 8, Crc = -1,
                DictionaryPageHeader = new() { NumValues = 3, Encoding = Encoding.Plain, IsSorted = false } },
            new() { Type = PageType.DataPage, UncompressedPageSize = 100, CompressedPageSize = 60,
                DataPageHeader = new() { NumValues = 20, Encoding = Encoding.RleDictionary, DefinitionLevelEncoding = Encoding.Rle,
                    RepetitionLevelEncoding = Encoding.Rle, Statistics = new() { NullCount = 2, MinValue = [1], MaxValue = [9] } } },
            new() { Type = PageType.DataPageV2, UncompressedPageSize = 100, CompressedPageSize = 60,
                DataPageHeaderV2 = new() { NumValues = 20, NumNulls = 2, NumRows = 5, Encoding = Encoding.DeltaBinaryPacked,
                    DefinitionLevelsByteLength = 4, RepetitionLevelsByteLength = 3, IsCompressed = false } },
        ];
        foreach (PageHeader header in headers)
        {
            var output = new ArrayBufferWriter<byte>();
            PageHeaderEncoder.Encode(header, output);
            Assert.True(PageHeaderDecoder.TryDecode(output.WrittenSpan, out PageHeader? decoded, out int consumed));
            Assert.Equal(output.WrittenCount, consumed);
            Assert.Equal((header.Type, header.UncompressedPageSize, header.CompressedPageSize, header.Crc),
                (decoded.Type, decoded.UncompressedPageSize, decoded.CompressedPageSize, decoded.Crc));
            var again = new ArrayBufferWriter<byte>();
            PageHeaderEncoder.Encode(decoded, again);
            Assert.Equal(output.WrittenSpan.ToArray(), again.WrittenSpan.ToArray());
        }
    }
}

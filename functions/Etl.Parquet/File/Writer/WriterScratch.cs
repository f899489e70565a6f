namespace Etl.Parquet.File.Writer;

/// <summary>
/// Buffers a column chunk needs only while it is being written. Chunks are written one after another, so one set
/// serves every column of a file: a wide file (hundreds of columns) then costs one page's buffers, not hundreds.
/// </summary>
internal sealed class WriterScratch
{
    public PageBuffer Page { get; } = new();
    public PageBuffer Values { get; } = new();
    public PageBuffer Header { get; } = new(256);
    public byte[]? Compressed;
    public int[] Indices = [];
    public int[] FirstValue = [];
    public int[] PageStamp = [];
    public int PageNumber;
    public int[] Candidates = [];
    public PrimitiveDictionary<int>? Dictionary32;
    public PrimitiveDictionary<long>? Dictionary64;
    public BytesDictionary? DictionaryBytes;
}

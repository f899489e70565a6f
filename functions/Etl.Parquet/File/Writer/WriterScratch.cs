namespace Etl.Parquet.File.Writer;

/// <summary>
/// Buffers a column chunk needs only while it is being written. A thread writes chunks one after another, so one
/// set per encoding thread serves every column of a file: a wide file (hundreds of columns) then costs one page's
/// buffers per thread, not hundreds. Nothing in it carries over from one chunk to the next.
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

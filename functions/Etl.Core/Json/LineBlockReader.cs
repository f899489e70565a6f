namespace Etl.Core.Json;

/// <summary>
/// Cuts an NDJSON input into blocks of whole lines, in input order, so each block can be parsed on its own core.
/// Only the end of the last line of a block is searched for (one backward vectorized search per block); the lines
/// themselves are found by whoever reads the block.
/// </summary>
/// <remarks>
/// A line longer than a block makes its block grow, up to a little over <see cref="JsonReadOptions.MaxRecordBytes"/>:
/// a line that still has no end then is cut there, the block is marked <see cref="Block.EndsInsideLine"/> (its
/// reader reports the line as too large) and no further block is read.
/// </remarks>
internal sealed class LineBlockReader
{
    private readonly Stream _stream;
    private readonly int _blockBytes;
    private readonly long _largestBlock;
    private byte[] _carry = [];
    private int _carryLength;
    private bool _eof;
    private bool _stopped;
    private long _offset;

    /// <param name="stream">The input, read forward from its current position (the start of the input).</param>
    /// <param name="blockBytes">Usual size of a block.</param>
    /// <param name="maxRecordBytes">The longest line allowed.</param>
    public LineBlockReader(Stream stream, int blockBytes, int maxRecordBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 16);
        _stream = stream;
        _blockBytes = blockBytes;
        // Room for the longest line, its '\r' and its '\n'.
        _largestBlock = Math.Min(Array.MaxLength, Math.Max((long)blockBytes, (long)maxRecordBytes + 2));
    }

    /// <summary>A block: <see cref="Length"/> bytes of <c>bytes</c> starting at <see cref="Offset"/> of the input.</summary>
    public readonly record struct Block(int Length, long Offset, bool StartOfInput, bool EndsInsideLine);

    /// <summary>
    /// Fills <paramref name="bytes"/> (replaced by a larger array when a line does not fit) with the next whole
    /// lines. Returns a block of length 0 at the end of the input.
    /// </summary>
    public Block Next(ref byte[] bytes)
    {
        var offset = _offset;
        if (_stopped || (_eof && _carryLength == 0)) return new Block(0, offset, offset == 0, false);
        if (bytes.Length < _blockBytes || bytes.Length <= _carryLength)
        {
            bytes = GC.AllocateUninitializedArray<byte>((int)Math.Min(_largestBlock, Math.Max(_blockBytes, 2L * _carryLength)));
        }
        _carry.AsSpan(0, _carryLength).CopyTo(bytes);
        var filled = _carryLength;
        _carryLength = 0;
        var searched = 0;
        var endsInsideLine = false;
        int end;
        while (true)
        {
            while (filled < bytes.Length && !_eof)
            {
                var read = _stream.Read(bytes, filled, bytes.Length - filled);
                if (read <= 0) _eof = true;
                else filled += read;
            }
            var lastLineEnd = bytes.AsSpan(searched, filled - searched).LastIndexOf((byte)'\n');
            // The first block must hold the first record, which tells the layout of the input.
            if (lastLineEnd >= 0 && (offset > 0 || HoldsMoreThanWhitespace(bytes.AsSpan(0, searched + lastLineEnd))))
            {
                end = searched + lastLineEnd + 1;
                break;
            }
            if (_eof)
            {
                end = filled;
                break;
            }
            if (bytes.Length >= _largestBlock)
            {
                // One line longer than any record may be: hand over what there is, and stop.
                end = filled;
                endsInsideLine = true;
                _stopped = true;
                break;
            }
            searched = filled;
            var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(_largestBlock, bytes.Length * 2L));
            bytes.AsSpan(0, filled).CopyTo(grown);
            bytes = grown;
        }
        _carryLength = filled - end;
        if (_carryLength > 0)
        {
            if (_carry.Length < _carryLength) _carry = GC.AllocateUninitializedArray<byte>(Math.Max(_carryLength, Math.Min(_blockBytes, 64 * 1024)));
            bytes.AsSpan(end, _carryLength).CopyTo(_carry);
        }
        _offset += end;
        return new Block(end, offset, offset == 0, endsInsideLine);
    }

    /// <summary>Whether the bytes hold more than JSON whitespace and a UTF-8 byte order mark.</summary>
    private static bool HoldsMoreThanWhitespace(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        return bytes.IndexOfAnyExcept(" \t\r\n"u8) >= 0;
    }
}

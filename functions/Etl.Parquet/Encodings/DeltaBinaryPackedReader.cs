using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Etl.Parquet.Encodings;

/// <summary>
/// Incremental DELTA_BINARY_PACKED reader: parses the header on construction, then hands out values in as many
/// calls as the caller likes, so DELTA_BYTE_ARRAY can walk its two length streams side by side in small
/// stack-allocated chunks. Copying the struct forks the reader (used to find where a stream ends).
/// </summary>
/// <remarks>
/// Miniblocks hold a multiple of 32 values, so a miniblock is consumed in 32-value units that always start on a byte
/// boundary. Whole units are unpacked straight into the caller's span; a unit the caller only wants part of is
/// unpacked into <see cref="_unit"/> and served from there.
/// </remarks>
internal ref struct DeltaBinaryPackedReader
{
    private const int UnitValues = 32;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _miniblocksPerBlock;
    private readonly int _valuesPerMiniblock;

    private int _position;          // end of everything read so far: header, block headers, whole miniblocks
    private int _remaining;         // values (first value included) not yet handed out
    private bool _firstPending;
    private long _last;             // last value handed out; wrapping arithmetic, truncated by the Int32 path
    private long _minDelta;         // frame of reference of the current block
    private int _widthsPosition;    // bit width bytes of the current block
    private int _miniblockIndex;    // within the current block; == _miniblocksPerBlock when a new block is due
    private int _miniblockLeft;     // deltas of the current miniblock not yet unpacked (a multiple of 32)
    private int _miniblockData;     // next unread byte of the current miniblock
    private int _width;             // bit width of the current miniblock
    private UnitBuffer _unit;       // unpacked but not yet handed out deltas of a partly wanted unit
    private int _unitNext;
    private int _unitCount;

    public DeltaBinaryPackedReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        int pos = 0;
        ulong blockSize = Leb128.ReadUInt64(data, ref pos, "DELTA_BINARY_PACKED block size");
        ulong miniblocks = Leb128.ReadUInt64(data, ref pos, "DELTA_BINARY_PACKED miniblock count");
        ulong total = Leb128.ReadUInt64(data, ref pos, "DELTA_BINARY_PACKED value count");
        long first = Leb128.ReadZigZag64(data, ref pos, "DELTA_BINARY_PACKED first value");

        if (blockSize == 0 || blockSize % 128 != 0 || blockSize > int.MaxValue)
            throw new ParquetFormatException($"DELTA_BINARY_PACKED block size {blockSize} is not a positive multiple of 128");
        if (miniblocks == 0 || blockSize % miniblocks != 0 || blockSize / miniblocks % UnitValues != 0)
            throw new ParquetFormatException($"DELTA_BINARY_PACKED miniblock count {miniblocks} does not split block size {blockSize} into multiples of 32 values");
        if (total > int.MaxValue)
            throw new ParquetFormatException($"DELTA_BINARY_PACKED value count {total} exceeds {int.MaxValue}");

        _miniblocksPerBlock = (int)miniblocks;
        _valuesPerMiniblock = (int)(blockSize / miniblocks);
        TotalCount = (int)total;
        _remaining = (int)total;
        _firstPending = total > 0;
        _last = first;
        _position = pos;
        _miniblockIndex = _miniblocksPerBlock;
    }

    /// <summary>The value count the header declares.</summary>
    public int TotalCount { get; }

    /// <summary>Values not yet read.</summary>
    public readonly int Remaining => _remaining;

    /// <summary>
    /// Bytes consumed so far: the header, every block header reached and every miniblock entered, in full
    /// (miniblocks are padded to their full size).
    /// </summary>
    public readonly int Position => _position;

    /// <summary>Reads the next <c>destination.Length</c> values (at most <see cref="Remaining"/>).</summary>
    public void ReadInt64(scoped Span<long> destination)
    {
        int count = StartRead(destination.Length);
        if (count == 0) return;
        Span<ulong> dst = MemoryMarshal.Cast<long, ulong>(destination);
        int i = 0;
        if (_firstPending)
        {
            _firstPending = false;
            dst[i++] = (ulong)_last;
        }
        ulong last = (ulong)_last;
        while (i < count)
        {
            if (_unitNext < _unitCount)
            {
                int n = Math.Min(_unitCount - _unitNext, count - i);
                ulong minDelta = (ulong)_minDelta;
                ReadOnlySpan<ulong> deltas = ((ReadOnlySpan<ulong>)_unit).Slice(_unitNext, n);
                for (int j = 0; j < deltas.Length; j++)
                {
                    last += minDelta + deltas[j];
                    dst[i + j] = last;
                }
                _unitNext += n;
                i += n;
                continue;
            }
            if (_miniblockLeft == 0) EnterMiniblock();
            int units = Math.Min(_miniblockLeft, count - i) / UnitValues;
            if (units == 0)
            {
                FillUnit();
                continue;
            }
            int values = units * UnitValues;
            Span<ulong> run = dst.Slice(i, values);
            ulong md = (ulong)_minDelta;
            if (_width == 0)
            {
                // Every delta is the minimum: sorted keys and timestamps with a fixed step land here.
                for (int j = 0; j < run.Length; j++) run[j] = last += md;
            }
            else
            {
                BitUnpacker.Unpack(_data[_miniblockData..], run, _width);
                for (int j = 0; j < run.Length; j++) run[j] = last += md + run[j];
            }
            ConsumeUnits(units);
            i += values;
        }
        _last = (long)last;
    }

    /// <summary>Reads the next <c>destination.Length</c> values (at most <see cref="Remaining"/>), truncated to 32 bits.</summary>
    public void ReadInt32(scoped Span<int> destination)
    {
        int count = StartRead(destination.Length);
        if (count == 0) return;
        Span<uint> dst = MemoryMarshal.Cast<int, uint>(destination);
        int i = 0;
        if (_firstPending)
        {
            _firstPending = false;
            dst[i++] = (uint)_last;
        }
        // Arithmetic modulo 2^32 gives the same low 32 bits as the writer's, whatever width it computed in.
        uint last = (uint)_last;
        while (i < count)
        {
            if (_unitNext < _unitCount)
            {
                int n = Math.Min(_unitCount - _unitNext, count - i);
                uint minDelta = (uint)_minDelta;
                ReadOnlySpan<ulong> deltas = ((ReadOnlySpan<ulong>)_unit).Slice(_unitNext, n);
                for (int j = 0; j < deltas.Length; j++)
                {
                    last += minDelta + (uint)deltas[j];
                    dst[i + j] = last;
                }
                _unitNext += n;
                i += n;
                continue;
            }
            if (_miniblockLeft == 0) EnterMiniblock();
            int units = Math.Min(_miniblockLeft, count - i) / UnitValues;
            // Widths above 32 only appear from writers that ignore the spec's limit; the 64-bit unit path handles them.
            if (units == 0 || _width > 32)
            {
                FillUnit();
                continue;
            }
            int values = units * UnitValues;
            Span<uint> run = dst.Slice(i, values);
            uint md = (uint)_minDelta;
            if (_width == 0)
            {
                for (int j = 0; j < run.Length; j++) run[j] = last += md;
            }
            else
            {
                BitUnpacker.Unpack(_data[_miniblockData..], run, _width);
                for (int j = 0; j < run.Length; j++) run[j] = last += md + run[j];
            }
            ConsumeUnits(units);
            i += values;
        }
        _last = (int)last;
    }

    /// <summary>
    /// Passes over the values not read yet without decoding them and returns where the stream ends: right after
    /// the last miniblock that holds values. Reads only block headers, so it costs little even for long streams.
    /// </summary>
    public int SkipToEnd()
    {
        if (_firstPending)
        {
            _firstPending = false;
            _remaining--;
        }
        int buffered = Math.Min(_unitCount - _unitNext, _remaining);
        _unitNext += buffered;
        _remaining -= buffered;
        while (_remaining > 0)
        {
            if (_miniblockLeft == 0) EnterMiniblock();
            int n = Math.Min(_miniblockLeft, _remaining);
            _miniblockLeft -= n;
            _remaining -= n;
        }
        return _position;
    }

    private int StartRead(int count)
    {
        if (count > _remaining)
            throw new ParquetFormatException($"DELTA_BINARY_PACKED stream holds {_remaining} more values, {count} asked for");
        _remaining -= count;
        return count;
    }

    private void FillUnit()
    {
        BitUnpacker.Unpack(_data[_miniblockData..], (Span<ulong>)_unit, _width);
        ConsumeUnits(1);
        _unitNext = 0;
        _unitCount = UnitValues;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ConsumeUnits(int units)
    {
        _miniblockData += units * 4 * _width;   // 32 values of w bits are 4w bytes
        _miniblockLeft -= units * UnitValues;
    }

    private void EnterMiniblock()
    {
        if (_miniblockIndex == _miniblocksPerBlock) EnterBlock();
        int width = _data[_widthsPosition + _miniblockIndex];
        if (width > 64)
            throw new ParquetFormatException($"DELTA_BINARY_PACKED miniblock bit width {width} exceeds 64");
        long bytes = (long)_valuesPerMiniblock * width / 8;
        if (bytes > _data.Length - _position)
            throw new ParquetFormatException($"DELTA_BINARY_PACKED data truncated: a miniblock of {_valuesPerMiniblock} values of {width} bits needs {bytes} bytes at byte {_position}, {_data.Length - _position} left");
        _width = width;
        _miniblockData = _position;
        _position += (int)bytes;
        _miniblockLeft = _valuesPerMiniblock;
        _miniblockIndex++;
    }

    private void EnterBlock()
    {
        int pos = _position;
        _minDelta = Leb128.ReadZigZag64(_data, ref pos, "DELTA_BINARY_PACKED block min delta");
        if (_data.Length - pos < _miniblocksPerBlock)
            throw new ParquetFormatException($"DELTA_BINARY_PACKED data ends inside the miniblock bit widths at byte {pos}");
        _widthsPosition = pos;
        _position = pos + _miniblocksPerBlock;
        _miniblockIndex = 0;
    }

    [InlineArray(UnitValues)]
    private struct UnitBuffer
    {
        private ulong _element;
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Etl.Core.Json;

/// <summary>
/// Splits a JSON input into records without holding more than one record (plus read-ahead) in memory, and reports
/// malformed input as <see cref="JsonInputException"/> with its line, column and byte offset.
/// </summary>
/// <remarks>
/// <para>Input layouts, told apart by the first byte after an optional UTF-8 byte order mark and whitespace:
/// <c>{</c> — a sequence of objects separated by whitespace (NDJSON, JSON Lines, a single object, or concatenated
/// objects), every one of which must be an object; <c>[</c> — one array whose elements are the records, followed by
/// nothing but whitespace; anything else — a single scalar value. An input with no value at all is an error.</para>
/// <para>A fast byte scanner finds where each record ends (balancing brackets outside strings, enforcing the depth
/// and size limits, checking the separators of the top-level array); the consumer then parses the record span with
/// <see cref="Utf8JsonReader"/>, which validates it completely. NDJSON is recognized when the first object ends on
/// the line it starts on: from then on a record is simply a line (one vectorized newline search), and a line that is
/// not exactly one object is an error — as NDJSON requires.</para>
/// <para>The buffer starts at 256 KiB and doubles while one record does not fit, up to
/// <see cref="JsonReadOptions.MaxRecordBytes"/>. When it grows, the record read so far is validated, so a broken
/// NDJSON line (an unclosed string or brace) is reported where it is broken rather than after buffering the rest
/// of the file.</para>
/// </remarks>
internal sealed class JsonRecordReader : IDisposable
{
    private const int InitialBufferSize = 256 * 1024;
    private static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(StringStopBytes());
    private static readonly SearchValues<byte> TokenEnd = SearchValues.Create(" \t\r\n,:[]{}\""u8);

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _maxDepth;
    private readonly int _maxRecordBytes;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private bool _eof;
    private long _bufferOffset;
    private long _line = 1;
    private long _lineStart;
    private int _linesCounted;
    private State _state;
    private int _recordStart;
    private int _recordEnd;
    private bool _lines;
    private readonly bool _endsInsideLine;
    private readonly bool _readsFromStart = true;

    /// <param name="stream">The input, read forward from its current position.</param>
    /// <param name="options">Limits; null = defaults.</param>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open on <see cref="Dispose"/>.</param>
    /// <param name="largestRecord">The largest record expected (known from an earlier pass), to size the buffer once instead of growing it.</param>
    public JsonRecordReader(Stream stream, JsonReadOptions? options = null, bool leaveOpen = true, int largestRecord = 0)
        : this(stream, leaveOpen, options)
    {
        var size = largestRecord >= InitialBufferSize
            ? (int)Math.Min((long)largestRecord + InitialBufferSize, Array.MaxLength)
            : Math.Min(InitialBufferSize, Math.Max(1024, _maxRecordBytes));
        _buffer = GC.AllocateUninitializedArray<byte>(size);
    }

    /// <summary>
    /// Reads the records of one block of an NDJSON input already in memory: whole lines starting at byte
    /// <paramref name="offset"/> of the input (so error offsets are the input's; error lines count from the
    /// block's first line as 1). The block at the start of the input is read as any input is (byte order mark,
    /// layout); any other block is read as NDJSON lines from its first byte.
    /// </summary>
    /// <param name="block">The bytes; the reader does not copy them.</param>
    /// <param name="length">Bytes of <paramref name="block"/> that hold lines.</param>
    /// <param name="offset">Offset of the block's first byte in the input.</param>
    /// <param name="startOfInput">The block is the start of the input.</param>
    /// <param name="endsInsideLine">The block's last line goes on past it (it was cut at the record size limit): that line is reported as too large.</param>
    /// <param name="options">Limits; null = defaults.</param>
    public JsonRecordReader(byte[] block, int length, long offset, bool startOfInput, bool endsInsideLine, JsonReadOptions? options = null)
        : this(Stream.Null, leaveOpen: true, options)
    {
        _endsInsideLine = endsInsideLine;
        _readsFromStart = startOfInput;
        _buffer = block;
        _end = length;
        _eof = true;
        _bufferOffset = offset;
        _lineStart = offset;
        if (!startOfInput)
        {
            Shape = JsonInputShape.Objects;
            _state = State.Objects;
            _lines = true;
        }
    }

    /// <summary>What both ways of reading share: the limits and the parser's options; the buffer is theirs to set.</summary>
    private JsonRecordReader(Stream stream, bool leaveOpen, JsonReadOptions? options)
    {
        options ??= new JsonReadOptions();
        options.Validate();
        _stream = stream;
        _leaveOpen = leaveOpen;
        _maxDepth = options.MaxDepth;
        _maxRecordBytes = Math.Min(options.MaxRecordBytes, Array.MaxLength);
        _buffer = [];
        ReaderOptions = new JsonReaderOptions
        {
            MaxDepth = _maxDepth,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        };
    }

    private enum State
    {
        Start,
        Objects,
        ArrayFirst,
        ArrayNext,
        AfterTopLevel,
        End,
    }

    /// <summary>Options for a <see cref="Utf8JsonReader"/> over <see cref="Record"/>.</summary>
    public JsonReaderOptions ReaderOptions { get; }

    /// <summary>The layout, known after the first <see cref="Read"/>.</summary>
    public JsonInputShape Shape { get; private set; }

    /// <summary>
    /// Whether the input is NDJSON read line by line (known after the first <see cref="Read"/>): its first object
    /// ended on the line it started on, so every record is one line and the input can be split at any line end.
    /// </summary>
    public bool IsNdjson => _lines;

    /// <summary>Records returned so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>The current record's bytes: exactly one JSON value, valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> Record => _buffer.AsSpan(_recordStart, _recordEnd - _recordStart);

    /// <summary>As <see cref="Record"/>, for holders that cannot keep a span.</summary>
    public ReadOnlyMemory<byte> RecordMemory => _buffer.AsMemory(_recordStart, _recordEnd - _recordStart);

    /// <summary>1-based line of the current record's first byte.</summary>
    public long RecordLine { get; private set; }

    /// <summary>1-based column (in bytes) of the current record's first byte.</summary>
    public long RecordColumn { get; private set; }

    /// <summary>Byte offset of the current record's first byte.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>Length of the largest record returned so far.</summary>
    public int LargestRecord { get; private set; }

    /// <summary>Bytes of the input consumed so far (for progress).</summary>
    public long BytesConsumed => _bufferOffset + _pos;

    /// <summary>Moves to the next record; false at the end of the input.</summary>
    public bool Read()
    {
        while (true)
        {
            switch (_state)
            {
                case State.Start:
                    return Start();
                case State.Objects:
                    if (!SkipWhitespace())
                    {
                        _state = State.End;
                        return false;
                    }
                    if (_buffer[_pos] != (byte)'{') throw NotAnObject(_pos);
                    if (_lines) ScanLine();
                    else ScanContainer();
                    return true;
                case State.ArrayFirst:
                    if (!SkipWhitespace()) throw UnclosedArray();
                    if (_buffer[_pos] == (byte)']')
                    {
                        _pos++;
                        _state = State.AfterTopLevel;
                        continue;
                    }
                    ScanValue();
                    _state = State.ArrayNext;
                    return true;
                case State.ArrayNext:
                    if (!SkipWhitespace()) throw UnclosedArray();
                    var separator = _buffer[_pos];
                    if (separator == (byte)']')
                    {
                        _pos++;
                        _state = State.AfterTopLevel;
                        continue;
                    }
                    if (separator != (byte)',')
                        throw ErrorAt(_pos, KindAt(_pos), $"expected ',' or ']' after an element of the top-level array, found {Describe(_pos)}");
                    _pos++;
                    if (!SkipWhitespace()) throw UnclosedArray();
                    if (_buffer[_pos] == (byte)']') throw ErrorAt(_pos, JsonInputErrorKind.Syntax, "expected a value after ',', found ']' (trailing comma)");
                    ScanValue();
                    return true;
                case State.AfterTopLevel:
                    if (SkipWhitespace())
                    {
                        var what = Shape == JsonInputShape.Array ? "the top-level array" : "the top-level value";
                        throw ErrorAt(_pos, KindAt(_pos), $"unexpected {Describe(_pos)} after the end of {what}; a JSON document holds one value (use NDJSON for several)");
                    }
                    _state = State.End;
                    return false;
                default:
                    return false;
            }
        }
    }

    /// <summary>A <see cref="JsonException"/> from parsing <see cref="Record"/>, as a positioned error.</summary>
    public JsonInputException RecordError(JsonException exception) => ReaderError(exception, _recordStart, incomplete: false);

    /// <summary>A problem at <paramref name="indexInRecord"/> (a byte index into <see cref="Record"/>).</summary>
    public JsonInputException RecordError(long indexInRecord, JsonInputErrorKind kind, string reason) =>
        ErrorAt(_recordStart + (int)Math.Clamp(indexInRecord, 0, _recordEnd - _recordStart), kind, reason);

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private bool Start()
    {
        // Enough bytes to see a byte order mark and whether the text looks like UTF-16/32.
        while (_end < 4 && Fill(_pos)) { }
        if (_end >= 3 && _buffer.AsSpan(0, 3).SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) _pos = 3;
        else if (_end >= 2 && (_buffer[0], _buffer[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
            throw ErrorAt(0, JsonInputErrorKind.Encoding, "the input starts with a UTF-16 byte order mark; JSON must be UTF-8 — re-save the file as UTF-8");
        if (_buffer.AsSpan(_pos, Math.Min(4, _end - _pos)).Contains((byte)0))
            throw ErrorAt(_pos, JsonInputErrorKind.Encoding, "the input holds NUL bytes at its start, as UTF-16 or UTF-32 text does; JSON must be UTF-8 — re-save the file as UTF-8");
        if (!SkipWhitespace())
            throw new JsonInputException(JsonInputErrorKind.Empty, "the input holds no JSON value (it is empty or only whitespace); expected NDJSON objects, a JSON array or a JSON object");
        switch (_buffer[_pos])
        {
            case (byte)'{':
                Shape = JsonInputShape.Objects;
                _state = State.Objects;
                ScanContainer();
                // A first object that ends on the line it starts on makes this NDJSON: from now on a record is a
                // line (found with one vectorized search; the consumer's parse checks it is exactly one object).
                // A first object spread over lines keeps the bracket-balancing scan (one pretty-printed document,
                // or several concatenated).
                _lines = !Record.Contains((byte)'\n');
                return true;
            case (byte)'[':
                Shape = JsonInputShape.Array;
                _pos++;
                _state = State.ArrayFirst;
                return Read();
            default:
                Shape = JsonInputShape.Value;
                ScanValue();
                _state = State.AfterTopLevel;
                return true;
        }
    }

    /// <summary>Skips JSON whitespace; false at the end of the input.</summary>
    private bool SkipWhitespace()
    {
        while (true)
        {
            var span = _buffer.AsSpan(_pos, _end - _pos);
            var k = span.IndexOfAnyExcept(" \t\r\n"u8);
            if (k >= 0)
            {
                _pos += k;
                return true;
            }
            _pos = _end;
            if (!Fill(_pos)) return false;
        }
    }

    /// <summary>Scans one value of any kind at <see cref="_pos"/> as a record.</summary>
    private void ScanValue()
    {
        var b = _buffer[_pos];
        if (b is (byte)'{' or (byte)'[') ScanContainer();
        else if (b is (byte)'"' or (byte)'-' or (>= (byte)'0' and <= (byte)'9') or (byte)'t' or (byte)'f' or (byte)'n') ScanScalar();
        else throw ErrorAt(_pos, KindAt(_pos), $"expected a JSON value, found {Describe(_pos)}");
    }

    private void ScanContainer()
    {
        BeginRecord();
        var i = _pos;
        var depth = 0;
        var inString = false;
        while (true)
        {
            var buffer = _buffer;
            while (i < _end)
            {
                if (inString)
                {
                    var k = buffer.AsSpan(i, _end - i).IndexOfAny(StringStops);
                    if (k < 0)
                    {
                        i = _end;
                        break;
                    }
                    i += k;
                    var c = buffer[i];
                    if (c == (byte)'"')
                    {
                        inString = false;
                        i++;
                    }
                    else if (c == (byte)'\\')
                    {
                        if (i + 1 >= _end) break;
                        i += 2;
                    }
                    else
                    {
                        // A raw control character (a line break, say) cannot be inside a JSON string: stop here
                        // and let the validator say exactly what is wrong, instead of scanning on for a quote.
                        throw InvalidRecord(i + 1, isFinal: false);
                    }
                }
                else
                {
                    var k = buffer.AsSpan(i, _end - i).IndexOfAny(Structural);
                    if (k < 0)
                    {
                        i = _end;
                        break;
                    }
                    i += k;
                    var c = buffer[i++];
                    if (c == (byte)'"')
                    {
                        inString = true;
                    }
                    else if (c is (byte)'{' or (byte)'[')
                    {
                        if (++depth > _maxDepth)
                        {
                            throw ErrorAt(i - 1, JsonInputErrorKind.TooDeep,
                                $"the record nests objects and arrays deeper than {_maxDepth} levels (JsonReadOptions.MaxDepth)");
                        }
                    }
                    else if (--depth == 0)
                    {
                        EndRecord(i);
                        return;
                    }
                }
            }
            var scanned = i - _recordStart;
            NeedMore();
            i = _recordStart + scanned;
        }
    }

    /// <summary>NDJSON: the record is the rest of the line, without trailing whitespace.</summary>
    private void ScanLine()
    {
        BeginRecord();
        var i = _pos;
        while (true)
        {
            var k = _buffer.AsSpan(i, _end - i).IndexOf((byte)'\n');
            if (k >= 0)
            {
                i += k;
                break;
            }
            var scanned = _end - _recordStart;
            var more = TryNeedMore();
            i = _recordStart + scanned;
            if (!more) break;
        }
        var end = i;
        while (end > _recordStart && _buffer[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r') end--;
        EndRecord(end);
        _pos = i;
    }

    private void ScanScalar()
    {
        BeginRecord();
        var i = _pos;
        if (_buffer[i] == (byte)'"')
        {
            i++;
            while (true)
            {
                while (i < _end)
                {
                    var k = _buffer.AsSpan(i, _end - i).IndexOfAny(StringStops);
                    if (k < 0)
                    {
                        i = _end;
                        break;
                    }
                    i += k;
                    var c = _buffer[i];
                    if (c == (byte)'"')
                    {
                        EndRecord(i + 1);
                        return;
                    }
                    if (c != (byte)'\\') throw InvalidRecord(i + 1, isFinal: false);
                    if (i + 1 >= _end) break;
                    i += 2;
                }
                var scanned = i - _recordStart;
                NeedMore();
                i = _recordStart + scanned;
            }
        }
        while (true)
        {
            var k = _buffer.AsSpan(i, _end - i).IndexOfAny(TokenEnd);
            if (k >= 0)
            {
                EndRecord(i + k);
                return;
            }
            i = _end;
            if (_eof)
            {
                EndRecord(_end);
                return;
            }
            var scanned = i - _recordStart;
            if (!TryNeedMore())
            {
                EndRecord(_end);
                return;
            }
            i = _recordStart + scanned;
        }
    }

    private void BeginRecord()
    {
        _recordStart = _pos;
        _recordEnd = _pos;
        AdvanceLines(_pos);
        RecordLine = _line;
        RecordOffset = _bufferOffset + _pos;
        RecordColumn = RecordOffset - _lineStart + 1;
    }

    private void EndRecord(int end)
    {
        var length = end - _recordStart;
        if (length > _maxRecordBytes) throw TooLarge();
        if (length > LargestRecord) LargestRecord = length;
        _recordEnd = end;
        _pos = end;
        RecordCount++;
    }

    /// <summary>The current record is incomplete in the buffer: reads more, or fails at the end of the input.</summary>
    private void NeedMore()
    {
        if (!TryNeedMore()) throw InvalidRecord(_end, isFinal: true);
    }

    private bool TryNeedMore()
    {
        if (_eof)
        {
            // The record runs on past a block that was cut at the size limit.
            if (_endsInsideLine) throw TooLarge();
            return false;
        }
        if (_end - _recordStart >= _maxRecordBytes) throw TooLarge();
        if (_recordStart == 0 && _end == _buffer.Length)
        {
            // About to grow for one record: make sure what we hold is valid JSON so far, so a broken line is
            // reported where it breaks and not after buffering the rest of the input.
            ValidatePrefix();
        }
        return Fill(_recordStart);
    }

    /// <summary>Discards the bytes before <paramref name="keep"/>, grows if full, and reads more; false at the end.</summary>
    private bool Fill(int keep)
    {
        if (_eof) return false;
        AdvanceLines(keep);
        if (keep > 0)
        {
            _buffer.AsSpan(keep, _end - keep).CopyTo(_buffer);
            _bufferOffset += keep;
            _pos -= keep;
            _end -= keep;
            _linesCounted -= keep;
            _recordStart -= keep;
            _recordEnd = Math.Max(_recordStart, _recordEnd - keep);
        }
        if (_end == _buffer.Length)
        {
            var size = (int)Math.Min(Math.Max(_buffer.Length * 2L, 1024), _maxRecordBytes);
            if (size <= _buffer.Length) size = (int)Math.Min((long)_buffer.Length + 1024, Array.MaxLength);
            var grown = GC.AllocateUninitializedArray<byte>(size);
            _buffer.AsSpan(0, _end).CopyTo(grown);
            _buffer = grown;
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0)
        {
            _eof = true;
            return false;
        }
        _end += read;
        return true;
    }

    private void AdvanceLines(int upTo)
    {
        if (upTo <= _linesCounted) return;
        var span = _buffer.AsSpan(_linesCounted, upTo - _linesCounted);
        var count = span.Count((byte)'\n');
        if (count > 0)
        {
            _line += count;
            _lineStart = _bufferOffset + _linesCounted + span.LastIndexOf((byte)'\n') + 1;
        }
        _linesCounted = upTo;
    }

    private void ValidatePrefix()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_recordStart, _end - _recordStart), isFinalBlock: false, new JsonReaderState(ReaderOptions));
        try
        {
            while (reader.Read()) { }
        }
        catch (JsonException e)
        {
            throw ReaderError(e, _recordStart, incomplete: false);
        }
    }

    /// <summary>The record [start, end) is known to be broken: the error that says where and how.</summary>
    private JsonInputException InvalidRecord(int end, bool isFinal)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_recordStart, end - _recordStart), isFinal, new JsonReaderState(ReaderOptions));
        try
        {
            while (reader.Read()) { }
        }
        catch (JsonException e)
        {
            return ReaderError(e, _recordStart, incomplete: isFinal);
        }
        return isFinal
            ? ErrorAt(end, JsonInputErrorKind.Syntax, $"the input ends inside the record that starts at line {RecordLine}, column {RecordColumn}")
            : ErrorAt(end - 1, JsonInputErrorKind.Syntax, "a string holds an unescaped control character");
    }

    private JsonInputException ReaderError(JsonException e, int spanStart, bool incomplete)
    {
        // The exception's line and byte position are relative to the span the reader was given.
        var index = spanStart;
        for (long line = e.LineNumber ?? 0; line > 0 && index < _end; line--)
        {
            var next = _buffer.AsSpan(index, _end - index).IndexOf((byte)'\n');
            if (next < 0) break;
            index += next + 1;
        }
        index = (int)Math.Min(_end, index + (e.BytePositionInLine ?? 0));
        if (e.Message.StartsWith("The maximum configured depth", StringComparison.Ordinal))
            return ErrorAt(index, JsonInputErrorKind.TooDeep, $"the record nests objects and arrays deeper than {_maxDepth} levels (JsonReadOptions.MaxDepth)");
        var reason = ReaderMessage(e.Message);
        if (incomplete && index >= _end) reason = $"the input ends before the record is complete ({reason})";
        else if (_lines && (index >= _recordEnd || e.Message.Contains("after a single JSON value", StringComparison.Ordinal)))
            reason += "; in NDJSON each line must hold exactly one whole JSON object";
        return ErrorAt(index, index < _end ? KindAt(index) : JsonInputErrorKind.Syntax, reason);
    }

    private JsonInputException ErrorAt(int index, JsonInputErrorKind kind, string reason)
    {
        index = Math.Clamp(index, 0, _end);
        AdvanceLines(index);
        var offset = _bufferOffset + index;
        if (kind == JsonInputErrorKind.Encoding && !reason.Contains("UTF", StringComparison.Ordinal) && index < _end)
            reason = $"invalid UTF-8 byte 0x{_buffer[index]:X2} ({reason})";
        return new JsonInputException(kind, reason, _line, offset - _lineStart + 1, offset);
    }

    private JsonInputException NotAnObject(int index)
    {
        var b = _buffer[index];
        var found = b switch
        {
            (byte)'[' => "an array",
            (byte)'"' => "a string",
            (byte)'t' or (byte)'f' => "a boolean",
            (byte)'n' => "null",
            (byte)'-' or (>= (byte)'0' and <= (byte)'9') => "a number",
            _ => null,
        };
        if (found is null)
            return ErrorAt(index, KindAt(index), $"unexpected {Describe(index)} after a top-level object");
        return ErrorAt(index, JsonInputErrorKind.Shape,
            $"found {found} where a record was expected; in NDJSON (and after a top-level object) every top-level value must be a JSON object");
    }

    private JsonInputException UnclosedArray() =>
        ErrorAt(_end, JsonInputErrorKind.Syntax, "the input ends inside the top-level array (missing ']')");

    private JsonInputException TooLarge()
    {
        var limit = _maxRecordBytes >= 1024 * 1024 ? $"{_maxRecordBytes / (1024 * 1024)} MiB" : $"{_maxRecordBytes} bytes";
        var where = Shape == JsonInputShape.Objects && RecordCount == 0 && _readsFromStart ? "the first top-level object" : "a record";
        return new JsonInputException(JsonInputErrorKind.RecordTooLarge,
            $"{where} is larger than the configured limit of {limit} (JsonReadOptions.MaxRecordBytes); split the input into smaller records or raise the limit",
            RecordLine, RecordColumn, RecordOffset);
    }

    /// <summary>Encoding when the bytes at <paramref name="index"/> are not valid UTF-8, else Syntax.</summary>
    private JsonInputErrorKind KindAt(int index)
    {
        if (index >= _end || _buffer[index] < 0x80) return JsonInputErrorKind.Syntax;
        var tail = _buffer.AsSpan(index, Math.Min(4, _end - index));
        return FirstInvalidUtf8(tail, window: !_eof) == 0 ? JsonInputErrorKind.Encoding : JsonInputErrorKind.Syntax;
    }

    private string Describe(int index)
    {
        var b = _buffer[index];
        if (b is >= 0x21 and < 0x7F) return $"'{(char)b}'";
        if (b >= 0x80 && KindAt(index) == JsonInputErrorKind.Syntax)
        {
            var tail = _buffer.AsSpan(index, Math.Min(4, _end - index));
            if (System.Text.Rune.DecodeFromUtf8(tail, out var rune, out _) == OperationStatus.Done) return $"'{rune}' (U+{rune.Value:X4})";
        }
        return $"byte 0x{b:X2}";
    }

    /// <summary>Index of the first byte that does not start a valid UTF-8 sequence; the length when all are valid.</summary>
    internal static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes, bool window = false)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            var ascii = bytes[index..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (ascii < 0) return bytes.Length;
            index += ascii;
            var status = System.Text.Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed);
            if (window && status == OperationStatus.NeedMoreData && index + consumed == bytes.Length)
            {
                // A sequence cut by the end of a short look-ahead window is not known to be invalid.
                return bytes.Length;
            }
            if (status != OperationStatus.Done) return index;
            index += consumed;
        }
        return bytes.Length;
    }

    /// <summary>The reader's message without its own (span-relative) position, starting lower-case.</summary>
    internal static string ReaderMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        message = message.Trim();
        if (message.StartsWith("Expected depth to be zero", StringComparison.Ordinal)) return "an object or array is not closed";
        if (message.Contains("trailing comma", StringComparison.Ordinal)) return "a trailing comma before the closing bracket is not allowed in JSON";
        message = message.Replace(" The string should be correctly escaped.", "", StringComparison.Ordinal);
        if (message.Length > 1 && char.IsUpper(message[0]) && char.IsLower(message[1])) message = char.ToLowerInvariant(message[0]) + message[1..];
        if (message.EndsWith('.')) message = message[..^1];
        message = message.Replace(". Expected ", "; expected ", StringComparison.Ordinal);
        return message;
    }

    private static byte[] StringStopBytes()
    {
        var bytes = new byte[34];
        for (var i = 0; i < 32; i++) bytes[i] = (byte)i;
        bytes[32] = (byte)'"';
        bytes[33] = (byte)'\\';
        return bytes;
    }
}

using Etl.Parquet.File;

namespace Etl.Core.Json;

/// <summary>
/// Pass two of JSON → Parquet for NDJSON on several cores: the input is cut into blocks of whole lines
/// (<see cref="LineBlockReader"/>), each block is parsed and shredded into its own column batches by a
/// <see cref="RecordShredder"/> on a worker, and the blocks come back in input order (<see cref="Next"/>) for the
/// caller to append to its row groups. Rows, values and errors are exactly those of one shredder reading the
/// whole input: an error is the one of the first block that has one, at its line in the whole input.
/// </summary>
/// <remarks>
/// Reading and handing out blocks happen on the caller's thread; at most <c>2 × workers</c> blocks are in flight,
/// so memory is bounded by that many blocks and their batches. Each in-flight block has its own shredder (they are
/// not thread-safe), reused for later blocks.
/// </remarks>
internal sealed class ParallelRecordShredder : IDisposable
{
    private readonly LineBlockReader _blocks;
    private readonly InferredSchema _schema;
    private readonly Func<ColumnBatch[]> _createBatches;
    private readonly JsonReadOptions _options;
    private readonly bool _strict;
    private readonly int _capacity;
    private readonly CancellationToken _cancellationToken;
    private readonly Queue<ShreddedBlock> _inFlight = new();
    private readonly Stack<ShreddedBlock> _free = new();
    private readonly List<ShreddedBlock> _all = [];
    private ShreddedBlock? _current;
    private bool _endOfInput;
    private long _lines;

    /// <param name="input">NDJSON (<see cref="JsonRecordReader.IsNdjson"/>), read forward from its current position, the start of the input.</param>
    /// <param name="schema">The schema the records are shredded by.</param>
    /// <param name="createBatches">Makes one empty batch per leaf column (for each block in flight).</param>
    /// <param name="options">Reader limits.</param>
    /// <param name="strict">Single-pass verification (see <see cref="RecordShredder"/>).</param>
    /// <param name="workers">Blocks shredded at once.</param>
    /// <param name="blockBytes">Usual size of a block of input.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public ParallelRecordShredder(Stream input, InferredSchema schema, Func<ColumnBatch[]> createBatches, JsonReadOptions options, bool strict,
        int workers, int blockBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _blocks = new LineBlockReader(input, blockBytes, options.MaxRecordBytes);
        _schema = schema;
        _createBatches = createBatches;
        _options = options;
        _strict = strict;
        _capacity = 2 * workers;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Records shredded in the blocks handed out so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Input bytes of the blocks handed out so far.</summary>
    public long BytesConsumed { get; private set; }

    /// <summary>
    /// The next block's batches and rows, in input order; null at the end of the input. The batches are valid
    /// until the next call. Throws the block's error (<see cref="JsonInputException"/> for input that does not fit).
    /// </summary>
    public (ColumnBatch[] Batches, int Rows)? Next()
    {
        if (_current is { } done)
        {
            foreach (var batch in done.Batches) batch.Clear();
            _free.Push(done);
            _current = null;
        }
        _cancellationToken.ThrowIfCancellationRequested();
        while (!_endOfInput && _inFlight.Count < _capacity) Start();
        if (!_inFlight.TryDequeue(out var block)) return null;
        block.Work!.Wait(CancellationToken.None);
        _current = block;
        if (block.Error is { } error)
        {
            _endOfInput = true;
            if (error is JsonInputException json) throw json.LinesLater(_lines);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
        _lines += block.Lines;
        RecordCount += block.Rows;
        BytesConsumed = block.Offset + block.Length;
        return (block.Batches, block.Rows);
    }

    /// <summary>
    /// Strict mode, after the last block: gives the inference the schema came from the numbers counted in its
    /// DOUBLE columns by every block's shredder.
    /// </summary>
    public void Commit()
    {
        if (_all.Count == 0) return;
        var first = _all[0].Shredder;
        for (var i = 1; i < _all.Count; i++) first.AddCounts(_all[i].Shredder);
        first.Commit();
    }

    /// <summary>Waits for the blocks still being shredded (after an error or a cancellation, nothing runs on).</summary>
    public void Dispose()
    {
        _endOfInput = true;
        while (_inFlight.TryDequeue(out var block)) block.Work!.Wait(CancellationToken.None);
    }

    private void Start()
    {
        if (!_free.TryPop(out var block))
        {
            var batches = _createBatches();
            block = new ShreddedBlock(new RecordShredder(_schema, batches, _strict), batches);
            _all.Add(block);
        }
        var cut = _blocks.Next(ref block.Bytes);
        if (cut.Length == 0)
        {
            _endOfInput = true;
            _free.Push(block);
            return;
        }
        block.Length = cut.Length;
        block.Offset = cut.Offset;
        block.StartOfInput = cut.StartOfInput;
        block.EndsInsideLine = cut.EndsInsideLine;
        block.Rows = 0;
        block.Lines = 0;
        block.Error = null;
        var options = _options;
        var cancellationToken = _cancellationToken;
        // The work catches its own exceptions: Next decides, in input order, which one counts.
        block.Work = Task.Run(() => block.Shred(options, cancellationToken), CancellationToken.None);
        _inFlight.Enqueue(block);
    }

    /// <summary>One block of input and what its shredding produced; reused for later blocks.</summary>
    private sealed class ShreddedBlock(RecordShredder shredder, ColumnBatch[] batches)
    {
        public RecordShredder Shredder { get; } = shredder;
        public ColumnBatch[] Batches { get; } = batches;
        public byte[] Bytes = [];
        public int Length;
        public long Offset;
        public bool StartOfInput;
        public bool EndsInsideLine;
        public int Rows;
        public long Lines;
        public Exception? Error;
        public Task? Work;

        public void Shred(JsonReadOptions options, CancellationToken cancellationToken)
        {
            try
            {
                var records = new JsonRecordReader(Bytes, Length, Offset, StartOfInput, EndsInsideLine, options);
                while (records.Read())
                {
                    if (Rows == 0 && StartOfInput && !records.IsNdjson)
                    {
                        throw new JsonInputException(JsonInputErrorKind.Changed,
                            "the input is no longer NDJSON (one object per line) as it was when its schema was inferred; the input must not change during the conversion",
                            records.RecordLine, records.RecordColumn, records.RecordOffset);
                    }
                    Shredder.Add(records);
                    Rows++;
                    if ((Rows & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                }
                Lines = Bytes.AsSpan(0, Length).Count((byte)'\n');
            }
            catch (Exception e)
            {
                Error = e;
            }
        }
    }
}

using System.Runtime.ExceptionServices;
using Etl.Parquet.Meta;

namespace Etl.Parquet.File.Writer;

/// <summary>
/// Encodes the column chunks of a row group on several threads and writes them to the output in column order:
/// byte for byte what writing them one after another on one thread writes.
/// </summary>
/// <remarks>
/// <para>Each chunk is encoded into its column's <see cref="ChunkBuffer"/> (offsets from 0). The calling thread
/// copies a chunk to the output as soon as every chunk before it is out, and moves its offsets to where it landed,
/// so the file streams out in order and at most about one encoded row group is held in memory. Workers take the
/// next column from one counter, so a slow column holds up only the worker encoding it.</para>
/// <para>The calling thread is worker 0 and encodes too; the others are thread-pool work items. A busy pool may
/// start them late or never — the calling thread then takes their columns — so nothing ever waits for a worker
/// that has not started, and blocking the calling thread (itself often a pool thread) cannot starve the pool into
/// a deadlock. <see cref="Write"/> returns or throws only once no worker is encoding; a work item that starts
/// afterwards returns at once, or helps with the next row group if one is open by then.</para>
/// </remarks>
internal sealed class ParallelChunkEncoder
{
    private readonly ColumnChunkWriter[] _columns;
    private readonly WriterScratch?[] _scratch;      // per worker, made on first use; [0] is the calling thread's
    private readonly Helper[] _helpers;              // workers 1..n-1
    private readonly ChunkBuffer?[] _buffers;        // per column, kept across row groups
    private readonly ColumnChunk?[] _chunks;         // per column, this row group's metadata (offsets from 0)
    private readonly int[] _done;                    // per column: 1 once _chunks and _buffers hold it
    private readonly object _gate = new();

    // This row group. _open, _running and Helper.Queued change only under _gate; _failure is set under it.
    private ColumnBatch[]? _batches;
    private int[]? _entries;
    private int _next;                               // the next column to claim (Interlocked)
    private bool _open;
    private int _running;                            // helpers between their start and their end
    private ExceptionDispatchInfo? _failure;         // the first exception of any worker

    /// <param name="columns">The writer's column writers, in leaf order.</param>
    /// <param name="callerScratch">The calling thread's scratch (the one the sequential path uses).</param>
    /// <param name="workers">Threads encoding at once, the calling one included; at least 2.</param>
    public ParallelChunkEncoder(ColumnChunkWriter[] columns, WriterScratch callerScratch, int workers)
    {
        _columns = columns;
        _scratch = new WriterScratch?[workers];
        _scratch[0] = callerScratch;
        _helpers = new Helper[workers - 1];
        for (int i = 0; i < _helpers.Length; i++) _helpers[i] = new Helper(this, i + 1);
        _buffers = new ChunkBuffer?[columns.Length];
        _chunks = new ColumnChunk?[columns.Length];
        _done = new int[columns.Length];
    }

    /// <summary>Helpers encoding right now (for tests: 0 whenever no <see cref="Write"/> is under way).</summary>
    internal int RunningHelpers
    {
        get
        {
            lock (_gate) return _running;
        }
    }

    /// <summary>
    /// Encodes one chunk per column from <paramref name="batches"/> (validated, <paramref name="entries"/> level
    /// entries each), writes them to <paramref name="sink"/> in column order and adds their metadata to
    /// <paramref name="chunks"/>. Throws the first exception any worker met, once no worker runs any more.
    /// </summary>
    public void Write(ColumnBatch[] batches, int[] entries, OutputSink sink, List<ColumnChunk> chunks)
    {
        Begin(batches, entries);
        try
        {
            int column = 0;
            while (column < _columns.Length)
            {
                ThrowIfFailed();
                if (Volatile.Read(ref _done[column]) != 0) Flush(column++, sink, chunks);
                else if (!EncodeNext(0)) AwaitColumn(column);
            }
        }
        finally
        {
            End();
        }
    }

    private void Begin(ColumnBatch[] batches, int[] entries)
    {
        _batches = batches;
        _entries = entries;
        Array.Clear(_done);
        _failure = null;
        _next = 0;
        lock (_gate)
        {
            _open = true;
            foreach (var helper in _helpers)
            {
                // A helper still queued from an earlier row group serves this one when it starts; queueing it
                // again could run two threads on its scratch.
                if (helper.Queued) continue;
                ThreadPool.UnsafeQueueUserWorkItem(helper, preferLocal: false);
                helper.Queued = true;
            }
        }
    }

    private void End()
    {
        // No further claims: after a failure (or an output error) the remaining columns are not worth encoding.
        Interlocked.Exchange(ref _next, _columns.Length);
        lock (_gate)
        {
            _open = false;
            while (_running > 0) Monitor.Wait(_gate);
        }
        _batches = null;
        _entries = null;
        Array.Clear(_chunks);
    }

    /// <summary>Claims and encodes the next column; false when none is left or a worker has failed.</summary>
    private bool EncodeNext(int worker)
    {
        if (Volatile.Read(ref _failure) is not null) return false;
        int column = Interlocked.Increment(ref _next) - 1;
        if (column >= _columns.Length) return false;
        try
        {
            var scratch = _scratch[worker] ??= new WriterScratch();
            var buffer = _buffers[column] ??= new ChunkBuffer();
            buffer.Reset();
            _chunks[column] = _columns[column].Write(_batches![column], _entries![column], buffer, scratch);
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _failure ??= ExceptionDispatchInfo.Capture(e);
                Monitor.PulseAll(_gate);
            }
            return false;
        }
        lock (_gate)
        {
            // Release: the chunk and its buffer are complete before the flag says so.
            Volatile.Write(ref _done[column], 1);
            Monitor.PulseAll(_gate);
        }
        return true;
    }

    /// <summary>Waits until <paramref name="column"/> is encoded or a worker failed.</summary>
    private void AwaitColumn(int column)
    {
        // Every column is claimed, so this one is being encoded by a helper that has started: the wait is bounded.
        lock (_gate)
        {
            while (_done[column] == 0 && _failure is null) Monitor.Wait(_gate);
        }
    }

    private void ThrowIfFailed()
    {
        ExceptionDispatchInfo? failure;
        lock (_gate) failure = _failure;
        failure?.Throw();
    }

    private void Flush(int column, OutputSink sink, List<ColumnChunk> chunks)
    {
        long start = sink.Position;
        _buffers[column]!.CopyTo(sink);
        var chunk = _chunks[column]!;
        Relocate(chunk, start);
        chunks.Add(chunk);
    }

    /// <summary>Moves every file offset of <paramref name="chunk"/> (encoded at 0) by <paramref name="start"/>.</summary>
    private static void Relocate(ColumnChunk chunk, long start)
    {
        // All of them, including those the writer does not write (yet): an offset left at 0 would point at the magic.
        chunk.FileOffset += start;
        chunk.OffsetIndexOffset += start;
        chunk.ColumnIndexOffset += start;
        var meta = chunk.MetaData!;
        meta.DataPageOffset += start;
        meta.DictionaryPageOffset += start;
        meta.IndexPageOffset += start;
        meta.BloomFilterOffset += start;
    }

    private void RunHelper(Helper helper)
    {
        lock (_gate)
        {
            helper.Queued = false;
            if (!_open) return;
            _running++;
        }
        try
        {
            while (EncodeNext(helper.Worker))
            {
            }
        }
        finally
        {
            lock (_gate)
            {
                _running--;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>The thread-pool work item of one worker, queued at most once at a time (so it never runs twice at once).</summary>
    private sealed class Helper(ParallelChunkEncoder owner, int worker) : IThreadPoolWorkItem
    {
        public int Worker { get; } = worker;

        /// <summary>In the pool's queue, not started yet. Guarded by the owner's gate.</summary>
        public bool Queued { get; set; }

        public void Execute() => owner.RunHelper(this);
    }
}

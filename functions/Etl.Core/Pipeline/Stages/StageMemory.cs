namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// The Parquet stages decode a row group at a time into large arrays that are dead once the stage ends. Left to
/// itself the GC keeps them and lets the next stage (profile after convert, or the next job) allocate its own beside
/// them. Collecting once, fully, at the end of such a stage (milliseconds against the seconds of the stage), with the
/// profiler no longer decoding a row group twice, took the server's peak for a 23-million-row file from 302 to 190 MiB
/// (1M-row groups) and from 4.6 to 2.3 GiB (one row group) — what the CLI needs plus the idle host.
/// </summary>
internal static class StageMemory
{
    public static void Release() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}

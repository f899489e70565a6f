namespace Etl.Core.Convert;

/// <summary>
/// The most bytes one output may reach, and the setting a person changes to raise it (an environment variable of
/// the server, or a CLI flag) — so a conversion stopped by it can say what to do.
/// </summary>
/// <param name="Bytes">The largest output allowed.</param>
/// <param name="Setting">What sets the limit: "ETL_MAX_OUTPUT_BYTES", "--max-output-bytes", …</param>
/// <param name="Basis">Why the limit has this value, for the message (e.g. "1000 × the 16,269-byte input"); null when it is the setting itself.</param>
public sealed record OutputLimit(long Bytes, string Setting, string? Basis = null);

/// <summary>An output reached its <see cref="OutputLimit"/>; the conversion stopped while writing, before going past it.</summary>
public sealed class OutputLimitExceededException(OutputLimit limit, long bytesReached)
    : Exception($"the output reached {bytesReached:N0} bytes, past the limit of {limit.Bytes:N0} bytes"
        + $"{(limit.Basis is null ? "" : $" ({limit.Basis})")} set by {limit.Setting}")
{
    public OutputLimit Limit { get; } = limit;

    /// <summary>The size the output would have had with the write that was refused.</summary>
    public long BytesReached { get; } = bytesReached;
}

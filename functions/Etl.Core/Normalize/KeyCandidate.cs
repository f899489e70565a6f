namespace Etl.Core.Normalize;

/// <summary>
/// One column that might be a table's natural key, tracked during the survey: how many rows gave it a value, whether
/// every value was distinct (by 64-bit hashes of the values, so memory is bounded: a set of at most
/// <c>limit</c> hashes) and whether every value was a UUID.
/// </summary>
internal sealed class KeyCandidate(string name, double nameScore, string nameReason, int limit)
{
    private HashSet<ulong>? _seen = [];

    public string Name { get; } = name;
    public double NameScore { get; } = nameScore;
    public string NameReason { get; } = nameReason;

    /// <summary>Rows where the value was present and not null.</summary>
    public long Values { get; private set; }

    /// <summary>Values that were neither strings nor numbers (booleans, objects, arrays): never a key.</summary>
    public bool Disqualified { get; private set; }

    /// <summary>Why tracking stopped early (null while still a candidate).</summary>
    public string? GaveUp { get; private set; }

    public bool AllUuids { get; private set; } = true;

    /// <summary>A value hashed the same as an earlier one (a repeated value, or — about once in 2^64 pairs — a hash collision).</summary>
    public bool Repeated { get; private set; }

    public bool Alive => _seen is not null && !Disqualified && !Repeated;

    public void Add(ulong hash, bool isUuid)
    {
        Values++;
        if (!isUuid) AllUuids = false;
        if (_seen is null) return;
        if (!_seen.Add(hash))
        {
            Repeated = true;
            _seen = null;
        }
        else if (_seen.Count > limit)
        {
            GaveUp = $"more than {limit:N0} distinct values: uniqueness is not tracked further (memory cap KeyTrackingLimit)";
            _seen = null;
        }
    }

    public void Disqualify()
    {
        Disqualified = true;
        _seen = null;
    }
}

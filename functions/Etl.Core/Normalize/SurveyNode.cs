using Etl.Core.Json;

namespace Etl.Core.Normalize;

/// <summary>
/// What the survey saw at one path of the input: how many arrays and elements (the expected rows of a child table),
/// how many objects and properties (the expected rows of a map table), whether the object's keys are data (a map),
/// and — for a column directly in a row — whether it could be the row's natural key.
/// </summary>
internal sealed class SurveyNode
{
    /// <summary>Root records, array elements: their objects are rows of a table, so their columns are key candidates.</summary>
    public bool IsRow;

    public long Present;
    public long Nulls;
    public long Objects;
    public long Properties;
    public long Arrays;
    public long Elements;
    public long MaxElements;
    public long Stamp;

    /// <summary>Decided on the first object seen here: every key of it was data-like (see <see cref="KeyShapes.IsDataLike"/>).</summary>
    public bool IsMap;
    public bool MapDecided;

    public FieldTable<SurveyNode>? Fields;
    public SurveyNode? MapValue;
    public SurveyNode? Element;

    /// <summary>0 = not decided yet, 1 = tracked in <see cref="Candidate"/>, 2 = not a candidate.</summary>
    public byte CandidateState;
    public KeyCandidate? Candidate;

    /// <summary>The child named <paramref name="name"/>, or null (a lookup for planning, not for the hot path).</summary>
    public SurveyNode? Child(string name)
    {
        if (Fields is null) return null;
        for (var i = 0; i < Fields.Count; i++)
            if (Fields.NameAt(i) == name) return Fields[i];
        return null;
    }
}

using System.Text.Json;
using Etl.Core.Json;

namespace Etl.Core.Normalize;

/// <summary>
/// Pass one of a normalization, beside the schema inference: counts, independently of the writing, the records and
/// the elements of every array path (what validation compares the rows written with), decides which objects are
/// maps and tracks natural-key candidates; when the root has no natural key, <see cref="CountContents"/> then hashes
/// every record's content so identical records can be numbered.
/// </summary>
internal sealed class ShapeSurvey
{
    private readonly int _keyLimit;
    private readonly int _maxFields;
    private byte[] _scratch = new byte[1024];
    private byte[] _minified = new byte[4096];
    private long _stamp;
    private HashSet<ulong>? _contents;
    private readonly HashSet<ulong> _repeatedContents = [];

    public ShapeSurvey(int keyLimit, int maxFields)
    {
        _keyLimit = keyLimit;
        _maxFields = maxFields;
    }

    public SurveyNode Root { get; } = new() { IsRow = true };

    public long Records { get; private set; }

    /// <summary>Content hashes that occur more than once (numbered by occurrence in pass two).</summary>
    public IReadOnlySet<ulong> RepeatedContents => _repeatedContents;

    /// <summary>False when the contents were not counted, or there were more records than the key-tracking limit: repeated contents are then not known.</summary>
    public bool ContentsTracked => _contents is not null;

    /// <summary>The content hash of a record: its minified JSON text (so whitespace does not matter; key order does).</summary>
    public static ulong ContentHash(ReadOnlySpan<byte> record, ref byte[] scratch)
    {
        if (scratch.Length < record.Length) scratch = new byte[Math.Max(record.Length, scratch.Length * 2)];
        var length = RecordShredder.Minify(record, scratch);
        return RowHash.Of(scratch.AsSpan(0, length), 0x5BD1E995UL);
    }

    /// <summary>
    /// Hashes every record's content to find the identical ones (a pass of its own, only when the root has no
    /// natural key: hashing is then the only way to key the records, and otherwise it would be wasted).
    /// </summary>
    public void CountContents(Stream json, JsonReadOptions read, int largestRecord, CancellationToken cancellationToken)
    {
        _contents = [];
        _repeatedContents.Clear();
        using var records = new JsonRecordReader(json, read, largestRecord: largestRecord);
        while (records.Read())
        {
            var hash = ContentHash(records.Record, ref _minified);
            if (!_contents.Add(hash))
            {
                _repeatedContents.Add(hash);
            }
            else if (_contents.Count > _keyLimit)
            {
                _contents = null;
                _repeatedContents.Clear();
                return;
            }
            if ((records.RecordCount & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public void Add(JsonRecordReader records)
    {
        var record = records.Record;
        var reader = new Utf8JsonReader(record, isFinalBlock: true, new JsonReaderState(records.ReaderOptions));
        try
        {
            reader.Read();
            Value(ref reader, Root);
        }
        catch (JsonException e)
        {
            throw records.RecordError(e);
        }
        catch (RecordProblemException p)
        {
            throw records.RecordError(p.IndexInRecord, p.Kind, p.Reason);
        }
        Records++;
    }

    private void Value(ref Utf8JsonReader reader, SurveyNode node)
    {
        node.Present++;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                node.Nulls++;
                return;
            case JsonTokenType.StartObject:
                Object(ref reader, node);
                return;
            case JsonTokenType.StartArray:
                node.Arrays++;
                var element = node.Element ??= new SurveyNode { IsRow = true };
                long count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Value(ref reader, element);
                    count++;
                }
                node.Elements += count;
                if (count > node.MaxElements) node.MaxElements = count;
                return;
        }
    }

    private void Object(ref Utf8JsonReader reader, SurveyNode node)
    {
        node.Objects++;
        if (!node.MapDecided) Decide(reader, node);
        if (node.IsMap)
        {
            var value = node.MapValue ??= new SurveyNode();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                node.Properties++;
                reader.Read();
                Value(ref reader, value);
            }
            return;
        }
        var fields = node.Fields ??= new FieldTable<SurveyNode>();
        var stamp = ++_stamp;
        var guess = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = fields.Find(ref reader, guess, out var name);
            if (index < 0)
            {
                if (fields.Count >= _maxFields)
                {
                    // The inference's open map (too many distinct keys): its values become a JSON column of a key/value table.
                    node.IsMap = true;
                    node.Fields = null;
                    node.Properties++;
                    reader.Read();
                    SchemaInference.Skip(ref reader, ref _scratch);
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        node.Properties++;
                        reader.Read();
                        SchemaInference.Skip(ref reader, ref _scratch);
                    }
                    return;
                }
                index = fields.Add(name!, new SurveyNode());
            }
            guess = index + 1;
            var child = fields[index];
            reader.Read();
            if (child.Stamp == stamp)
            {
                reader.Skip();
                continue;
            }
            child.Stamp = stamp;
            node.Properties++;
            if (node.IsRow && child.CandidateState != 2) Candidate(ref reader, child, fields.NameAt(index));
            Value(ref reader, child);
        }
    }

    /// <summary>Decides on the first object at a path whether it is a map: every key (at least one) data-like.</summary>
    private static void Decide(Utf8JsonReader probe, SurveyNode node)
    {
        node.MapDecided = true;
        var keys = 0;
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            if (!KeyShapes.IsDataLike(probe.GetString()!)) return;
            keys++;
            probe.Read();
            probe.Skip();
        }
        node.IsMap = keys > 0;
    }

    private void Candidate(ref Utf8JsonReader reader, SurveyNode child, string name)
    {
        var token = reader.TokenType;
        if (child.CandidateState == 0)
        {
            var score = KeyShapes.NameScore(name, out var why);
            var uuid = token == JsonTokenType.String && KeyShapes.IsUuid(SchemaInference.Text(ref reader, ref _scratch));
            if (token is not (JsonTokenType.String or JsonTokenType.Number) || (score == 0 && !uuid))
            {
                child.CandidateState = 2;
                return;
            }
            child.CandidateState = 1;
            child.Candidate = new KeyCandidate(name, score, why, _keyLimit);
        }
        var candidate = child.Candidate!;
        if (!candidate.Alive) return;
        switch (token)
        {
            case JsonTokenType.String:
                var text = SchemaInference.Text(ref reader, ref _scratch);
                candidate.Add(RowHash.Of(text, 1), KeyShapes.IsUuid(text));
                return;
            case JsonTokenType.Number:
                candidate.Add(RowHash.Of(reader.ValueSpan, 2), false);
                return;
            case JsonTokenType.Null:
                return;
            default:
                candidate.Disqualify();
                return;
        }
    }
}

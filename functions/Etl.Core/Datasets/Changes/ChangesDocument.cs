using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Etl.Core.Datasets.Changes;

/// <summary>
/// <c>runs/{jobId}/changes.json</c>: <c>{dataset, fromVersion, toVersion, decision, changes: [...]}</c> (DESIGN.md).
/// </summary>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="FromVersion">The current version the candidate was compared with; null for a dataset's first version (written as <c>null</c>).</param>
/// <param name="ToVersion">The candidate version's number.</param>
/// <param name="Decision">What the policy decided.</param>
/// <param name="Changes">The graded changes in <see cref="ChangeClassifier"/>'s order.</param>
public sealed record ChangesDocument(
    string Dataset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? FromVersion,
    int ToVersion,
    ChangeDecision Decision,
    IReadOnlyList<SchemaChange> Changes)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Reasons carry arrows and quotes; keep them readable in the file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        TypeInfoResolver = CoreDocumentsJson.Default,
    };

    private static readonly JsonTypeInfo<ChangesDocument> TypeInfo = (JsonTypeInfo<ChangesDocument>)Options.GetTypeInfo(typeof(ChangesDocument));

    /// <summary>The document as changes.json holds it (indented, camelCase).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TypeInfo);

    /// <summary>Reads what <see cref="ToJson"/> wrote; throws <see cref="FormatException"/> saying what is wrong otherwise.</summary>
    public static ChangesDocument Parse(string json)
    {
        try
        {
            var document = JsonSerializer.Deserialize(json, TypeInfo)
                ?? throw new FormatException("changes.json holds null, not a changes document");
            // A missing property binds as null rather than failing; these two have no meaning without a value.
            if (document.Dataset is null || document.Changes is null)
                throw new FormatException("not a changes document: 'dataset' and 'changes' are required");
            return document;
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a changes document: {e.Message}", e);
        }
    }
}

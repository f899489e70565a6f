using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Etl.Agents.Pipeline;

/// <summary>Source-generated JSON of the run documents (no reflection, so the NativeAOT Lambda host can write them).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(PlanningDocument))]
[JsonSerializable(typeof(GenerationDocument))]
[JsonSerializable(typeof(RefiningDocument))]
[JsonSerializable(typeof(ValidationDocument))]
[JsonSerializable(typeof(SourceDocument))]
[JsonSerializable(typeof(RunLog))]
[JsonSerializable(typeof(Etl.Core.Agents.ProjectPlan))]
[JsonSerializable(typeof(Etl.Core.Profile.DatasetProfile))]
internal sealed partial class RunDocumentsJson : JsonSerializerContext
{
    // Built on first use: a static field initializer here could run before the generated Default exists.
    private static JsonSerializerOptions Relaxed => field ??= new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = Default,
    };

    public static string Write<T>(T document) => JsonSerializer.Serialize(document, (JsonTypeInfo<T>)Relaxed.GetTypeInfo(typeof(T)));

    public static T Read<T>(string json, string what) =>
        JsonSerializer.Deserialize(json, (JsonTypeInfo<T>)Relaxed.GetTypeInfo(typeof(T)))
        ?? throw new FormatException($"{what} holds null.");
}

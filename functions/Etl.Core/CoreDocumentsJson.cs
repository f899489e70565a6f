using System.Text.Json.Serialization;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Changes;
using Etl.Core.Profile;

namespace Etl.Core;

/// <summary>
/// Source-generated JSON metadata of the documents the core writes and reads (profile.json, tables.json,
/// changes.json), so they serialize without reflection: a NativeAOT host (the Lambda <c>bootstrap</c>) has none. Each
/// document keeps its own options (naming, encoder, indentation) and takes this context as their resolver.
/// </summary>
[JsonSerializable(typeof(DatasetProfile))]
[JsonSerializable(typeof(TablesDocument))]
[JsonSerializable(typeof(ChangesDocument))]
[JsonSerializable(typeof(Agents.AgentRequest))]
internal sealed partial class CoreDocumentsJson : JsonSerializerContext;

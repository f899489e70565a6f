using Etl.Core.Json;

namespace Etl.Core.Normalize;

/// <summary>
/// The one type that holds the values of every key of a map (the columns of a key/value table): the widening rules
/// of the inference applied across the map's keys — numbers to DOUBLE, mixed scalars to STRING, objects merged key
/// by key, lists by element, any other conflict to JSON text.
/// </summary>
internal static class FieldMerge
{
    public static InferredField Values(InferredField map, string name)
    {
        InferredField? merged = null;
        foreach (var field in map.Fields) merged = merged is null ? Rename(field, name) : Merge(merged, field, name);
        return merged ?? new InferredField(name, InferredType.Json, nullable: true);
    }

    private static InferredField Rename(InferredField field, string name) =>
        new(name, field.Type, field.Nullable, field.Type == InferredType.Struct ? field.Fields : null, field.Element, field.Widened, field.Note);

    private static InferredField Merge(InferredField a, InferredField b, string name)
    {
        var nullable = a.Nullable || b.Nullable;
        if (a.Type == b.Type)
        {
            switch (a.Type)
            {
                case InferredType.Struct:
                    var fields = new List<InferredField>();
                    foreach (var x in a.Fields)
                    {
                        var y = Find(b, x.Name);
                        fields.Add(y is null ? Optional(x) : Merge(x, y, x.Name));
                    }
                    foreach (var y in b.Fields)
                        if (Find(a, y.Name) is null) fields.Add(Optional(y));
                    return new InferredField(name, InferredType.Struct, nullable, fields);
                case InferredType.List:
                    return new InferredField(name, InferredType.List, nullable, element: Merge(a.Element!, b.Element!, "element"));
                default:
                    return new InferredField(name, a.Type, nullable);
            }
        }
        if (IsNumber(a.Type) && IsNumber(b.Type)) return new InferredField(name, InferredType.Double, nullable);
        if (IsScalar(a.Type) && IsScalar(b.Type)) return new InferredField(name, InferredType.String, nullable);
        return new InferredField(name, InferredType.Json, nullable, note: "the map's values have conflicting shapes: stored as JSON text");
    }

    private static InferredField Optional(InferredField field) => field.Nullable ? field
        : new InferredField(field.Name, field.Type, nullable: true, field.Type == InferredType.Struct ? field.Fields : null, field.Element, field.Widened, field.Note);

    private static InferredField? Find(InferredField parent, string name)
    {
        foreach (var field in parent.Fields)
            if (field.Name == name) return field;
        return null;
    }

    private static bool IsNumber(InferredType type) => type is InferredType.Int64 or InferredType.Double;

    private static bool IsScalar(InferredType type) => type is not (InferredType.Struct or InferredType.List or InferredType.Json);
}

namespace Etl.Parquet.Meta;

/// <summary>Decodes the flattened schema (parquet.thrift <c>list&lt;SchemaElement&gt;</c>).</summary>
internal static class SchemaElementDecoder
{
    public static List<SchemaElement> DecodeList(ref ThriftCompactReader reader)
    {
        int start = reader.Position;
        int count = reader.ReadListHeader(ThriftType.Struct, "schema");
        if (count == 0) throw ThriftFormatException.InvalidMetadata("the schema is empty (it needs at least the root)", start);
        var schema = new List<SchemaElement>(count);
        for (int i = 0; i < count; i++) schema.Add(Decode(ref reader, i));
        return schema;
    }

    private static SchemaElement Decode(ref ThriftCompactReader reader, int index)
    {
        int start = reader.Position;
        var element = new SchemaElement();
        string? name = null;
        int physicalTypeAt = 0;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.I32:
                    physicalTypeAt = reader.Position;
                    element.Type = (PhysicalType)reader.ReadI32();
                    break;
                case 2 when type == ThriftType.I32: element.TypeLength = reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: element.RepetitionType = (FieldRepetitionType)reader.ReadI32(); break;
                case 4 when type == ThriftType.Binary: name = reader.ReadString(); break;
                case 5 when type == ThriftType.I32: element.NumChildren = reader.ReadI32(); break;
                case 6 when type == ThriftType.I32: element.ConvertedType = (ConvertedType)reader.ReadI32(); break;
                case 7 when type == ThriftType.I32: element.Scale = reader.ReadI32(); break;
                case 8 when type == ThriftType.I32: element.Precision = reader.ReadI32(); break;
                case 9 when type == ThriftType.I32: element.FieldId = reader.ReadI32(); break;
                case 10 when type == ThriftType.Struct: element.LogicalType = LogicalTypeDecoder.Decode(ref reader); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();

        element.Name = name ?? throw ThriftFormatException.MissingField($"schema element {index}", "name", start);
        // Unlike other enums, the physical type set is closed (new types arrive as logical types), and without
        // it the values cannot even be delimited, so an unknown one means corruption.
        if (element.Type is { } physicalType && (uint)physicalType > (uint)PhysicalType.FixedLenByteArray)
        {
            throw ThriftFormatException.InvalidMetadata(
                $"schema element {index} ('{name}') has invalid physical type {(int)physicalType}", physicalTypeAt);
        }
        if (element.NumChildren < 0)
        {
            throw ThriftFormatException.InvalidMetadata(
                $"schema element {index} ('{name}') has negative num_children {element.NumChildren}", start);
        }
        if (element.TypeLength < 0)
        {
            throw ThriftFormatException.InvalidMetadata(
                $"schema element {index} ('{name}') has negative type_length {element.TypeLength}", start);
        }
        return element;
    }
}

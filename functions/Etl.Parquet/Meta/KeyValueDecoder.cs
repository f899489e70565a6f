namespace Etl.Parquet.Meta;

/// <summary>Decodes a parquet.thrift <c>list&lt;KeyValue&gt;</c> (file and column chunk metadata).</summary>
internal static class KeyValueDecoder
{
    public static List<KeyValue> DecodeList(ref ThriftCompactReader reader)
    {
        int count = reader.ReadListHeader(ThriftType.Struct, "key_value_metadata");
        var entries = new List<KeyValue>(count);
        for (int i = 0; i < count; i++) entries.Add(Decode(ref reader));
        return entries;
    }

    private static KeyValue Decode(ref ThriftCompactReader reader)
    {
        int start = reader.Position;
        string? key = null;
        string? value = null;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.Binary: key = reader.ReadString(); break;
                case 2 when type == ThriftType.Binary: value = reader.ReadString(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        if (key is null) throw ThriftFormatException.MissingField("KeyValue", "key", start);
        return new KeyValue(key, value);
    }
}

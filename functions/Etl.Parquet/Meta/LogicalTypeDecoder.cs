namespace Etl.Parquet.Meta;

/// <summary>Decodes the parquet.thrift <c>LogicalType</c> union into the flattened <see cref="LogicalType"/>.</summary>
internal static class LogicalTypeDecoder
{
    /// <summary>
    /// Union members this reader does not know (newer writers) yield <see cref="LogicalTypeKind.Unknown"/> with the
    /// member's field id, so the column can still be read by its physical type.
    /// </summary>
    public static LogicalType Decode(ref ThriftCompactReader reader)
    {
        var logicalType = new LogicalType();
        bool memberSeen = false;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            // A union has one member; should a writer set more, the first one wins.
            if (memberSeen)
            {
                reader.Skip(type);
                continue;
            }
            memberSeen = true;
            logicalType.FieldId = fieldId;
            if (type != ThriftType.Struct)
            {
                reader.Skip(type);
                continue;
            }
            switch (fieldId)
            {
                case (short)LogicalTypeKind.Decimal:
                    DecodeDecimal(ref reader, logicalType);
                    break;
                case (short)LogicalTypeKind.Time or (short)LogicalTypeKind.Timestamp:
                    DecodeTemporal(ref reader, logicalType, (LogicalTypeKind)fieldId);
                    break;
                case (short)LogicalTypeKind.Integer:
                    DecodeInteger(ref reader, logicalType);
                    break;
                case >= (short)LogicalTypeKind.String and <= (short)LogicalTypeKind.Date
                    or >= (short)LogicalTypeKind.Null and <= (short)LogicalTypeKind.Geography:
                    // Parameterless here, or parameters the codec does not use (VARIANT version, GEO crs);
                    // skipping the struct also tolerates fields a newer format adds to it.
                    logicalType.Kind = (LogicalTypeKind)fieldId;
                    reader.Skip(type);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }
        reader.EndStruct();
        return logicalType;
    }

    private static void DecodeDecimal(ref ThriftCompactReader reader, LogicalType logicalType)
    {
        int start = reader.Position;
        int? scale = null, precision = null;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.I32: scale = reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: precision = reader.ReadI32(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        logicalType.Kind = LogicalTypeKind.Decimal;
        logicalType.Scale = scale ?? throw ThriftFormatException.MissingField("DecimalType", "scale", start);
        logicalType.Precision = precision ?? throw ThriftFormatException.MissingField("DecimalType", "precision", start);
    }

    private static void DecodeTemporal(ref ThriftCompactReader reader, LogicalType logicalType, LogicalTypeKind kind)
    {
        int start = reader.Position;
        bool? isAdjustedToUtc = null;
        bool unitSeen = false;
        TimeUnit? unit = null;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when ThriftCompactReader.IsBool(type):
                    isAdjustedToUtc = reader.ReadBool();
                    break;
                case 2 when type == ThriftType.Struct:
                    unitSeen = true;
                    unit = DecodeTimeUnit(ref reader);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }
        reader.EndStruct();
        string structName = kind == LogicalTypeKind.Time ? "TimeType" : "TimestampType";
        if (isAdjustedToUtc is null) throw ThriftFormatException.MissingField(structName, "isAdjustedToUTC", start);
        if (!unitSeen) throw ThriftFormatException.MissingField(structName, "unit", start);
        logicalType.IsAdjustedToUtc = isAdjustedToUtc.Value;
        // A unit newer than this reader leaves the values uninterpretable as time, but still readable as integers.
        if (unit is { } known)
        {
            logicalType.Kind = kind;
            logicalType.Unit = known;
        }
    }

    private static TimeUnit? DecodeTimeUnit(ref ThriftCompactReader reader)
    {
        TimeUnit? unit = null;
        bool memberSeen = false;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            if (!memberSeen && type == ThriftType.Struct)
            {
                memberSeen = true;
                unit = fieldId switch
                {
                    1 => TimeUnit.Millis,
                    2 => TimeUnit.Micros,
                    3 => TimeUnit.Nanos,
                    _ => null,
                };
            }
            reader.Skip(type);
        }
        reader.EndStruct();
        return unit;
    }

    private static void DecodeInteger(ref ThriftCompactReader reader, LogicalType logicalType)
    {
        int start = reader.Position;
        int? bitWidth = null;
        bool? isSigned = null;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.Byte: bitWidth = reader.ReadI8(); break;
                case 2 when ThriftCompactReader.IsBool(type): isSigned = reader.ReadBool(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        logicalType.Kind = LogicalTypeKind.Integer;
        logicalType.BitWidth = bitWidth ?? throw ThriftFormatException.MissingField("IntType", "bitWidth", start);
        logicalType.IsSigned = isSigned ?? throw ThriftFormatException.MissingField("IntType", "isSigned", start);
    }
}

namespace Etl.Core.Datasets.Changes;

/// <summary>
/// The precise situation behind a change. Several cases share a <see cref="ChangeKind"/> but not a severity
/// (an added nullable column is info, an added required one a warning), so the rules are keyed by case.
/// </summary>
public enum ChangeCase
{
    /// <summary>A table appeared.</summary>
    TableAdded,

    /// <summary>A table disappeared.</summary>
    TableDropped,

    /// <summary>A nullable column appeared.</summary>
    ColumnAddedNullable,

    /// <summary>A required column appeared.</summary>
    ColumnAddedRequired,

    /// <summary>A column disappeared.</summary>
    ColumnDropped,

    /// <summary>Every old value fits the new type exactly or as its nearest value (INT64 → DOUBLE, DATE → TIMESTAMP).</summary>
    TypeWidened,

    /// <summary>The new type is text that spells every old value the same way (anything → STRING, numbers → JSON).</summary>
    TypeToText,

    /// <summary>The old type is the wider one: some old values do not fit the new type.</summary>
    TypeNarrowed,

    /// <summary>Neither type holds the other's values.</summary>
    TypeIncompatible,

    /// <summary>TIMESTAMP ↔ TIMESTAMP_LOCAL: an instant became a wall-clock time or back.</summary>
    TypeZoneChanged,

    /// <summary>Text (STRING, DATE, TIMESTAMP) became JSON: the same value is now spelled with quotes.</summary>
    TypeReencodedAsJson,

    /// <summary>Nullable → required while rows already loaded hold nulls.</summary>
    RequiredWithNullsPresent,

    /// <summary>Nullable → required while the old version's null count is unknown.</summary>
    RequiredWithNullsUnknown,

    /// <summary>Nullable → required and no row already loaded holds a null.</summary>
    RequiredWithoutNulls,

    /// <summary>Required → nullable.</summary>
    BecameNullable,

    /// <summary>The primary key's columns differ.</summary>
    PrimaryKeyChanged,

    /// <summary>The natural key's columns differ, appeared or disappeared.</summary>
    NaturalKeyChanged,

    /// <summary>A foreign key disappeared (or changed: a change is a drop plus an add).</summary>
    ForeignKeyDropped,

    /// <summary>A foreign key appeared.</summary>
    ForeignKeyAdded,
}

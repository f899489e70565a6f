using Etl.Core.Datasets;
using Etl.Core.Datasets.Ddl;

namespace Etl.Core.Tests.Datasets.Ddl;

public class DdlTypeMappingTests
{
    [Theory]
    [InlineData("STRING", "STRING", "VARCHAR", "TEXT")]
    [InlineData("BOOLEAN", "BOOLEAN", "BOOLEAN", "BOOLEAN")]
    [InlineData("INT32", "INT", "INTEGER", "INTEGER")]
    [InlineData("INT64", "BIGINT", "BIGINT", "BIGINT")]
    [InlineData("DECIMAL(10,2)", "DECIMAL(10,2)", "DECIMAL(10,2)", "DECIMAL(10,2)")]
    [InlineData("DECIMAL(38,6)", "DECIMAL(38,6)", "DECIMAL(38,6)", "DECIMAL(38,6)")]
    [InlineData("DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE PRECISION")]
    [InlineData("DATE", "DATE", "DATE", "DATE")]
    [InlineData("TIMESTAMP", "TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMPTZ")]
    [InlineData("TIMESTAMP_LOCAL", "TIMESTAMP", "TIMESTAMP", "TIMESTAMP")]
    [InlineData("JSON", "STRING", "JSON", "JSONB")]
    [InlineData("LIST<STRING>", "ARRAY<STRING>", "VARCHAR[]", "TEXT[]")]
    [InlineData("LIST<DECIMAL(5,1)>", "ARRAY<DECIMAL(5,1)>", "DECIMAL(5,1)[]", "DECIMAL(5,1)[]")]
    [InlineData("LIST<TIMESTAMP>", "ARRAY<TIMESTAMP>", "TIMESTAMPTZ[]", "TIMESTAMPTZ[]")]
    [InlineData("LIST<JSON>", "ARRAY<STRING>", "JSON[]", "JSONB[]")]
    [InlineData("LIST<LIST<INT64>>", "ARRAY<ARRAY<BIGINT>>", "BIGINT[][]", "JSONB")]
    public void Each_column_type_has_its_Hive_DuckDB_and_PostgreSQL_type(string type, string hive, string duckDb, string postgres)
    {
        var column = ColumnType.Parse(type);

        Assert.Equal(hive, HiveTypes.Of(column));
        Assert.Equal(duckDb, SqlTypes.Of(column, SqlDialect.DuckDb));
        Assert.Equal(postgres, SqlTypes.Of(column, SqlDialect.Postgres));
    }

    [Fact]
    public void Every_column_kind_is_mapped_in_every_dialect()
    {
        foreach (var kind in Enum.GetValues<ColumnKind>())
        {
            var type = kind switch
            {
                ColumnKind.Decimal => ColumnType.Decimal(9, 2),
                ColumnKind.List => ColumnType.ListOf(ColumnType.Int64),
                _ => ColumnType.Parse(kind switch
                {
                    ColumnKind.Int32 => "INT32",
                    ColumnKind.Int64 => "INT64",
                    ColumnKind.TimestampLocal => "TIMESTAMP_LOCAL",
                    _ => kind.ToString().ToUpperInvariant(),
                }),
            };

            Assert.NotEmpty(HiveTypes.Of(type));
            Assert.NotEmpty(SqlTypes.Of(type, SqlDialect.DuckDb));
            Assert.NotEmpty(SqlTypes.Of(type, SqlDialect.Postgres));
        }
    }
}

using Etl.Agents.Validation.Reconciliation;

namespace Etl.Agents.Validation.Tests.Reconciliation;

public sealed class SqlShapeTests
{
    [Theory]
    [InlineData("select * from \"main\".\"a\"", "\"main\".\"a\"", null, false)]
    [InlineData("with o as (select * from \"main\".\"a\"), c as (select distinct id from \"main\".\"b\")\nselect o.* from o left join c on o.id = c.id", "\"main\".\"a\"", null, true)]
    [InlineData("with o as (select * from \"main\".\"a\" where x > 1) select * from o", "\"main\".\"a\"", "it filters rows (where / having / qualify / limit)", false)]
    [InlineData("select id, count(*) from \"main\".\"a\" group by id", "\"main\".\"a\"", "it aggregates (group by / distinct), so its rows are groups, not its input's rows", false)]
    [InlineData("select * from \"main\".\"a\" join \"main\".\"b\" using (id)", "\"main\".\"a\"", "it has an inner, right, full or cross join, which may drop or add rows by design", false)]
    [InlineData("select * from \"main\".\"a\" union all select * from \"main\".\"b\"", "\"main\".\"b\"", "it combines inputs (union / intersect / except)", false)]
    [InlineData("-- where group by\nselect 'where', * from \"main\".\"a\" /* join */", "\"main\".\"a\"", null, false)]
    [InlineData("select * from (select 1)", null, null, false)]
    public void The_final_selects_input_is_followed_through_ctes_and_what_changes_rows_is_named(string sql, string? relation, string? changes, bool leftJoin)
    {
        var driving = SqlShape.Of(sql).DrivingRelation(out var why, out var left);

        Assert.Equal((relation, changes, leftJoin), (driving, why, left));
    }

    [Theory]
    [InlineData("select 1;", null)]
    [InlineData("select 1 ;\n\n", null)]
    [InlineData("select ';' as x, \"a;b\" -- ;\n/* ; \n */ from t", null)]
    [InlineData("select 1;\nselect 2", 1)]
    [InlineData("select '\n';\n/* \n */ drop table x", 2)]
    public void A_second_statement_is_found_outside_strings_and_comments(string sql, int? line)
    {
        Assert.Equal(line, SqlShape.SecondStatementLine(sql));
    }
}

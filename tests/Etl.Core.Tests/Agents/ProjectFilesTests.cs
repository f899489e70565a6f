using Etl.Core.Agents;

namespace Etl.Core.Tests.Agents;

public class ProjectFilesTests
{
    [Theory]
    [InlineData("../outside.sql")]
    [InlineData("models/../../x.sql")]
    [InlineData("/etc/passwd")]
    [InlineData("models\\stg.sql")]
    [InlineData("C:evil.sql")]
    [InlineData("models//stg.sql")]
    [InlineData("models/./stg.sql")]
    [InlineData("")]
    public void A_path_that_could_leave_the_project_folder_is_refused(string path)
    {
        Assert.NotNull(ProjectFiles.PathProblem(path));
        Assert.Throws<ArgumentException>(() => new ProjectFiles([new(path, "select 1")]));
    }

    [Fact]
    public void Files_list_in_ordinal_order_whatever_order_they_were_given_in()
    {
        var files = new ProjectFiles([new("models/b.sql", "b"), new("dbt_project.yml", "p"), new("models/a.sql", "a"), new(".agentic-etl.json", "{}")]);
        Assert.Equal([".agentic-etl.json", "dbt_project.yml", "models/a.sql", "models/b.sql"], files.Paths);
        Assert.Equal("a", files["models/a.sql"]);
        Assert.Null(files["models/c.sql"]);
        Assert.Equal(3, files.Without(".agentic-etl.json").Count);
        Assert.Equal("new", files.With("models/a.sql", "new")["models/a.sql"]);
        Assert.Equal("a", files["models/a.sql"]);
    }
}

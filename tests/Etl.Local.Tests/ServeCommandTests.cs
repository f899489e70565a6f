namespace Etl.Local.Tests;

/// <summary>`etl serve` refuses a malformed exposure setting at start, in one line that names it, before it listens.</summary>
public class ServeCommandTests
{
    [Theory]
    [InlineData("--public-url", "etl.example.com", "ETL_PUBLIC_URL")]
    [InlineData("--allowed-hosts", "https://etl.example.com", "ETL_ALLOWED_HOSTS")]
    [InlineData("--allowed-origins", "*", "ETL_ALLOWED_ORIGINS")]
    public void A_malformed_setting_stops_the_start_with_one_line_naming_it(string option, string value, string setting)
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "serve", "--urls", "http://127.0.0.1:0", "--data-dir", dir.Path, option, value);
        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("etl: error: ", line);
        Assert.Contains(setting, line);
        Assert.Contains(option, line);
    }
}

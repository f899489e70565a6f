using Etl.Core.Agents;

namespace Etl.Agents.Bedrock.Tests;

public sealed class BedrockSettingsTests
{
    private static BedrockSettings Read(params (string Name, string Value)[] variables) =>
        BedrockSettings.FromEnvironment(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void Defaults_are_Haiku_4_5_with_5000_tokens_at_temperature_0_2_and_its_published_prices()
    {
        var settings = Read(("AWS_DEFAULT_REGION", "us-east-1"));

        Assert.Equal("global.anthropic.claude-haiku-4-5-20251001-v1:0", settings.Model);
        Assert.Equal(5000, settings.MaxTokens);
        Assert.Equal(0.2, settings.Temperature);
        Assert.Equal(ModelPrices.ClaudeHaiku45, settings.Prices);
        Assert.Equal(4, settings.MaxRetries);
        Assert.Equal("us-east-1", settings.Region);
        Assert.Null(settings.AccessKeyId);
        Assert.Null(settings.Endpoint);
    }

    [Fact]
    public void Every_setting_is_read_from_its_variable_and_the_secret_never_printed()
    {
        var settings = Read(("AWS_REGION", "eu-west-1"), ("AWS_DEFAULT_REGION", "us-east-1"), ("ETL_AGENT_MODEL", "eu.anthropic.claude-haiku-4-5-20251001-v1:0"),
            ("ETL_AGENT_MAX_TOKENS", "8000"), ("ETL_AGENT_TEMPERATURE", "0"), ("ETL_AGENT_INPUT_USD_PER_MTOK", "1.1"),
            ("ETL_AGENT_OUTPUT_USD_PER_MTOK", "5.5"), ("ETL_AGENT_MAX_RETRIES", "0"), ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "very-secret"), ("AWS_SESSION_TOKEN", "token"), ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://127.0.0.1:4000"));

        Assert.Equal(new BedrockSettings("eu.anthropic.claude-haiku-4-5-20251001-v1:0", 8000, 0, new ModelPrices(1.1m, 5.5m), 0, "eu-west-1",
            "AKID", "very-secret", "token", new Uri("http://127.0.0.1:4000")), settings);
        Assert.DoesNotContain("very-secret", settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("token", settings.ToString().Replace("(temporary)", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ETL_AGENT_TEMPERATURE", "1.5", "ETL_AGENT_TEMPERATURE is '1.5': expected a number from 0 to 1")]
    [InlineData("ETL_AGENT_TEMPERATURE", "warm", "ETL_AGENT_TEMPERATURE is 'warm'")]
    [InlineData("ETL_AGENT_MAX_TOKENS", "-3", "ETL_AGENT_MAX_TOKENS is '-3': expected a whole number of output tokens from 1 to 64000")]
    [InlineData("ETL_AGENT_INPUT_USD_PER_MTOK", "1,5", "ETL_AGENT_INPUT_USD_PER_MTOK is '1,5'")]
    [InlineData("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "bedrock.local", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME is 'bedrock.local': expected an absolute http(s) URL")]
    [InlineData("AWS_ACCESS_KEY_ID", "AKID", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together")]
    public void A_bad_value_is_refused_naming_the_variable_and_what_it_should_be(string name, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("AWS_REGION", "us-east-1"), (name, value)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_region_says_what_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read());

        Assert.Contains("AWS_REGION (or AWS_DEFAULT_REGION) is not set", error.Message, StringComparison.Ordinal);
    }
}

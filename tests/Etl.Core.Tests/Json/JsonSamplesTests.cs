using Etl.Core.Convert;
using Etl.Core.Json;
using static Etl.Core.Tests.Json.JsonTestData;

namespace Etl.Core.Tests.Json;

/// <summary>The real-world files of tests/data/json-samples: inference matches what their README documents, and each converts and round-trips.</summary>
public sealed class JsonSamplesTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Samples).Order(StringComparer.Ordinal))
        {
            var extension = Path.GetExtension(file);
            if (extension is ".json" or ".ndjson" or ".jsonl" or ".geojson") data.Add(Path.GetFileName(file));
        }
        return data;
    }

    private static InferredSchema InferFile(string name)
    {
        using var stream = File.OpenRead(Path.Combine(Samples, name));
        return JsonToParquet.Infer(stream);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_sample_converts_and_round_trips(string name)
    {
        var result = RoundTrip.Check(File.ReadAllBytes(Path.Combine(Samples, name)));
        Assert.True(result.Conversion.RowCount > 0);
    }

    [Fact]
    public void Github_events()
    {
        var schema = InferFile("github-events-gharchive-2021-07-21.ndjson");
        Assert.Equal(800, schema.RecordCount);
        Assert.Equal(JsonInputShape.Objects, schema.Shape);
        Assert.Equal(new InferredColumn("id", "STRING", false, 0, null), schema.Column("id")); // a numeric string stays a string
        Assert.Equal("INT64", schema.Column("actor.id").Type);
        Assert.Equal("TIMESTAMP", schema.Column("created_at").Type);
        Assert.True(schema.Column("org").Nullable); // in 226 of 800
        Assert.Equal("STRUCT", schema.Column("payload.commits[]").Type);
        Assert.True(schema.Column("payload.pull_request.milestone").Nullable);
        Assert.Equal("STRUCT", schema.Column("payload.pull_request.milestone").Type); // null or object is not a conflict
        Assert.Contains(schema.Columns(), c => c.Note?.Contains("only nulls") == true);
        Assert.Equal(["id", "type", "actor", "actor.id"], schema.Paths().Take(4));
    }

    [Fact]
    public void Usgs_earthquakes()
    {
        var schema = InferFile("usgs-earthquakes-week-2018-02-07.geojson");
        Assert.Equal(1, schema.RecordCount); // one FeatureCollection object
        var mag = schema.Column("features[].properties.mag");
        Assert.Equal("DOUBLE", mag.Type);
        Assert.Equal(69, mag.Widened); // written as integers 69 times
        Assert.True(schema.Column("features[].properties.felt").Nullable);
        Assert.False(schema.Column("features[].properties.place").Nullable);
        Assert.Equal("INT64", schema.Column("features[].properties.time").Type);
        Assert.Equal("STRING", schema.Column("features[].properties.code").Type);
        Assert.Equal("DOUBLE", schema.Column("features[].geometry.coordinates[]").Type);
        Assert.Equal("DOUBLE", schema.Column("bbox[]").Type);
        // "type" at three levels, with different meanings: separate columns, nothing flattened together.
        Assert.Equal(["type", "features[].type", "features[].properties.type", "features[].geometry.type"], schema.Paths().Where(p => p.EndsWith("type", StringComparison.Ordinal)));
    }

    [Fact]
    public void Rasa_tracker_events()
    {
        var schema = InferFile("rasa-tracker-events.jsonl");
        Assert.Equal(666, schema.RecordCount);
        var value = schema.Column("value");
        Assert.Equal("JSON", value.Type); // string 111 times, array of strings 17 times, null 50 times
        Assert.Equal(128, value.Widened);
        Assert.Equal("JSON", schema.Column("metadata.city").Type);
        Assert.Equal("INT64", schema.Column("parse_data.intent.id").Type); // beyond 2^53 but within int64
        Assert.Equal("INT64", schema.Column("parse_data.response_selector.default.ranking[].id").Type);
        Assert.Equal("DOUBLE", schema.Column("confidence").Type);
        Assert.Equal("DOUBLE", schema.Column("timestamp").Type);
        Assert.Equal("STRING", schema.Column("text").Type);
        Assert.Equal("STRUCT", schema.Column("data.custom").Type);
        Assert.True(schema.Column("data.buttons").Nullable);
    }

    [Fact]
    public void Ocds_release_package()
    {
        var schema = InferFile("ocds-release-package.json");
        Assert.Equal(1, schema.RecordCount);
        Assert.Equal("STRING", schema.Column("publisher.uid").Type); // "9506232.0" stays a string
        Assert.Equal("TIMESTAMP", schema.Column("publishedDate").Type);
        Assert.Equal("STRING", schema.Column("releases[].tag[]").Type);
        Assert.Equal("STRUCT", schema.Column("releases[].tender.items[].additionalClassifications[]").Type);
        Assert.True(schema.Column("releases[].planning").Nullable);
    }

    [Fact]
    public void Ocds_record_package_with_versions()
    {
        var schema = InferFile("ocds-record-package-versioned.json");
        Assert.Equal(1, schema.RecordCount);
        Assert.Equal("STRING", schema.Column("packages[]").Type);
        // "value" inside the change-history objects is a string, an integer, an array or a boolean depending on the
        // field: each path is its own column, so each gets its own type.
        Assert.Equal("STRING", schema.Column("records[].versionedRelease.parties[].roles[].value[]").Type);
        Assert.Equal("BOOLEAN", schema.Column("records[].versionedRelease.tender.hasEnquiries[].value").Type);
        Assert.Equal("INT64", schema.Column("records[].versionedRelease.tender.value.amount[].value").Type);
        Assert.Equal("TIMESTAMP", schema.Column("records[].versionedRelease.tender.value.amount[].releaseDate").Type);
    }
}

using Ioc.Core.Collecting;
using Ioc.Server.Admin.Collectors;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Admin.Collectors;

/// <summary>The form's fields and the YAML document are one definition seen two ways; switching between them loses nothing.</summary>
public sealed class CollectorFormTests
{
    private static readonly string HttpJsonSample = File.ReadAllText(Path.Combine(IocServer.RepoRoot, "src", "Ioc.Collectors", "HttpJson", "sample.yaml"));

    [Fact]
    public void SpecText_OfTheKindsSample_IsItsSpecBlock_Dedented_WithComments()
    {
        var spec = CollectorForm.SpecText(HttpJsonSample);

        Assert.StartsWith("url: ${SIMULATOR_URL}/sim/portal/records", spec, StringComparison.Ordinal);
        Assert.Contains("\n  - items: $.units[*]", spec, StringComparison.Ordinal);
        Assert.Contains("# A value starting with '$' is a path relative to the item", spec, StringComparison.Ordinal);
        Assert.DoesNotContain("schedule:", spec, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_OfTheSplitSample_LoadsAsTheSameDefinition()
    {
        var form = CollectorForm.Split(HttpJsonSample)!;

        var composed = form.Compose();

        var original = Load(HttpJsonSample);
        var again = Load(composed);
        Assert.Equal((original.Id, original.Name, original.Kind, original.Schedule, original.Timeout), (again.Id, again.Name, again.Kind, again.Schedule, again.Timeout));
        Assert.Equal(original.Spec?.ToJsonString(), again.Spec?.ToJsonString());
        Assert.Contains("# optional: one point per element", composed, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_QuotesTextThatYamlWouldReadOtherwise()
    {
        var form = new CollectorForm
        {
            Id = "dvc-thu",
            Name = "Một cửa: \"điện tử\" # thử",
            Kind = "http-json",
            Schedule = "*/5 * * * * *",
            Enabled = false,
            Spec = "url: http://127.0.0.1/x\nmappings:\n  - measurement: dvc_thu\n    fields: { value: $.value }",
        };

        var split = CollectorForm.Split(form.Compose())!;

        Assert.Equal(form.Name, split.Name);
        Assert.Equal(form.Schedule, split.Schedule);
        Assert.False(split.Enabled);
        Assert.Equal(form.Spec, split.Spec);
    }

    [Fact]
    public void Split_OfTextThatIsNotAMapping_IsNull()
    {
        Assert.Null(CollectorForm.Split("id: [unclosed"));
        Assert.Null(CollectorForm.Split("- a\n- b"));
    }

    private static CollectorDefinition Load(string yaml) =>
        CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string> { ["SIMULATOR_URL"] = "http://127.0.0.1:5000" }, "test.yaml");
}

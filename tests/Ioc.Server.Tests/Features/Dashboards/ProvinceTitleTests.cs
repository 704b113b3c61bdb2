using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Dashboards;

/// <summary>The operations wall names the province this Ioc serves, from its units as they are today, not from the file.</summary>
public sealed class ProvinceTitleTests
{
    [Theory]
    [InlineData("HT", "Tỉnh Hà Tĩnh")]
    [InlineData("VP", "Tỉnh Phú Thọ")] // Vĩnh Phúc became part of Phú Thọ on 2025-07-01
    public async Task Wall_IsTitledWithTheServedProvince(string province, string name)
    {
        await using var server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:Simulator:Province"] = province });

        var page = await server.Http.GetStringAsync("/d/operations-wall");
        var listed = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/");

        var title = $"Trung tâm điều hành chuyển đổi số — {name}";
        Assert.Contains($"<h1 class=\"wall-title\">{title}</h1>", page, StringComparison.Ordinal);
        Assert.Contains(listed.EnumerateArray(), d => d.GetProperty("title").GetString() == title);
        Assert.DoesNotContain("{province}", page, StringComparison.Ordinal);
    }
}
